using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The members of the TodoApp workflow that only Sentinel mode wants: the Sentinels, their Service, policy and budget, and
/// the roll of the data pods.
/// </summary>
internal static class SentinelMembers
{
    public static RedisSentinelStatefulSet StatefulSet { get; } = new();

    public static IReadOnlyList<IAppMember> All { get; } =
        [
            new RedisSentinelNetworkPolicy(), new RedisSentinelService(), StatefulSet, new RedisSentinelDisruptionBudget(),
            new RedisPrimaryLastRoll(),
        ];
}
