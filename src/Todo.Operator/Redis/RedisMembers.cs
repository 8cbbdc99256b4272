using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Redis.Tls;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// The Redis data tier's members of the TodoApp workflow, in the order they are declared; each says what it depends on.
/// Its members are read by others through these instances (<see cref="ChildContext.Result{TResult}"/>,
/// <see cref="ChildContext.Observed{TModel}"/>).
/// </summary>
internal static class RedisMembers
{
    public static RedisPassword Password { get; } = new();

    public static RedisPasswordSecret PasswordSecret { get; } = new();

    public static RedisPasswordKeySecret PasswordKeySecret { get; } = new();

    public static RedisUsersSecret UsersSecret { get; } = new();

    public static RedisTlsCertificates Tls { get; } = new();

    public static RedisCaSecret CaSecret { get; } = new();

    public static RedisTlsSecret TlsSecret { get; } = new();

    public static RedisCertificate Certificate { get; } = new();

    public static RedisClaimRetention ClaimRetention { get; } = new();

    public static RedisDataFinalizer Finalizer { get; } = new();

    public static RedisClaimGuard ClaimGuard { get; } = new();

    public static RedisRestoreSource RestoreSource { get; } = new();

    public static RedisNetworkPolicy NetworkPolicy { get; } = new();

    public static RetiredBackupNetworkPolicy RetiredBackupNetworkPolicy { get; } = new();

    public static RedisService Service { get; } = new();

    public static RedisRollHandover RollHandover { get; } = new();

    public static RedisStatefulSet StatefulSet { get; } = new();

    public static RedisClaimStamping ClaimStamping { get; } = new();

    public static RedisClaimExpansion ClaimExpansion { get; } = new();

    public static RedisRestoreProgress RestoreProgress { get; } = new();

    public static RedisDataDisruptionBudget DisruptionBudget { get; } = new();

    public static IReadOnlyList<IAppMember> All { get; } =
        [
            Password, PasswordSecret, PasswordKeySecret, UsersSecret, Tls, CaSecret, TlsSecret, Certificate, ClaimRetention, Finalizer, ClaimGuard, RestoreSource, NetworkPolicy, RetiredBackupNetworkPolicy, Service,
            RollHandover, StatefulSet, ClaimStamping, ClaimExpansion, RestoreProgress, DisruptionBudget, .. SentinelMembers.All,
        ];
}
