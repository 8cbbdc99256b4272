using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// Whether the StatefulSet itself can delete the data claims with the app (its persistentVolumeClaimRetentionPolicy, where
/// the cluster has it), or the operator's finalizer has to (<see cref="RedisDataFinalizer"/>): the result both read.
/// </summary>
internal sealed class RedisClaimRetention : AppStep<bool>
{
    public override string FailureReason => "ReadVersionFailed";

    public override string Describe(TodoApp app) => "Reading the API server's version";

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken) =>
        Ready(context, await context.Service<ClaimRetentionSupport>().IsServedAsync(cancellationToken));
}
