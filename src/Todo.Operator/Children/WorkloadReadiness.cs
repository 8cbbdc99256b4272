using k8s.Models;
using Todo.Operator.Workflow;

namespace Todo.Operator.Children;

/// <summary>
/// Readiness of the workloads with <c>kubectl rollout status</c> semantics: ready only once the controller has seen the
/// latest spec and every replica runs it (no old replica left), not merely once enough pods are ready, which the old
/// ReplicaSet's pods are all through a rollout to a broken image. A scale is no rollout (kstatus): a Deployment whose pods
/// all run the latest spec stays ready while the autoscaler adds or removes pods or lost pods are replaced, as long as
/// enough of them are available.
/// </summary>
internal static class WorkloadReadiness
{
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    /// <summary>Ready once rolled out, and then while at least <paramref name="enoughAvailable"/> replicas are available.</summary>
    public static ChildReadiness Of(V1Deployment deployment, int enoughAvailable)
    {
        var name = $"Deployment {deployment.Metadata.Name}";
        var status = deployment.Status;
        if (status?.ObservedGeneration is not { } observed || observed < deployment.Metadata.Generation)
        {
            return ChildReadiness.Awaiting($"{name} has not yet observed its latest spec.");
        }

        if (status.Conditions?.FirstOrDefault(condition => condition.Type == "Progressing") is { Reason: ProgressDeadlineExceeded } stalled)
        {
            return ChildReadiness.Failed(
                ProgressDeadlineExceeded,
                $"{name} made no progress for {deployment.Spec?.ProgressDeadlineSeconds ?? 600} s: {stalled.Message} Check its pods (image, crash loop, quota); "
                + "the operator reports this until a new spec or the Deployment itself makes progress.");
        }

        var wanted = deployment.Spec?.Replicas ?? 1;
        var updated = status.UpdatedReplicas ?? 0;
        var total = status.Replicas ?? 0;
        var available = status.AvailableReplicas ?? 0;
        if (total > updated)
        {
            return ChildReadiness.NotReady($"{name} still has {total - updated} old replicas running.");
        }

        // No old replica: fewer updated or available pods than wanted is a scale or a replacement, not a rollout.
        var enough = Math.Min(enoughAvailable, wanted);
        if (available >= enough)
        {
            return ChildReadiness.Ready;
        }

        // Fewer pods than wanted: its ReplicaSet has not made them all yet.
        var message = $"{name} has {available} of {wanted} replicas available; at least {enough} are needed.";
        return total < wanted ? ChildReadiness.Awaiting(message) : ChildReadiness.NotReady(message);
    }

    public static ChildReadiness Of(V1StatefulSet statefulSet)
    {
        var name = $"StatefulSet {statefulSet.Metadata.Name}";
        var status = statefulSet.Status;
        if (status?.ObservedGeneration is not { } observed || observed < statefulSet.Metadata.Generation)
        {
            return ChildReadiness.Awaiting($"{name} has not yet observed its latest spec.");
        }

        var wanted = statefulSet.Spec?.Replicas ?? 1;
        var ready = status.ReadyReplicas ?? 0;
        if (ready < wanted)
        {
            return ChildReadiness.NotReady($"{name} has {ready} of {wanted} replicas ready.");
        }

        // A rolling update is done when every pod runs the update revision; the controller then makes it the current one.
        var rolling = statefulSet.Spec?.UpdateStrategy?.Type is not "OnDelete";
        if (rolling && (status.UpdatedReplicas ?? 0) < wanted)
        {
            return ChildReadiness.NotReady($"{name} is rolling out: {status.UpdatedReplicas ?? 0} of {wanted} replicas run the latest spec.");
        }

        return rolling && status.UpdateRevision is { Length: > 0 } update && status.CurrentRevision != update
            ? ChildReadiness.NotReady($"{name} is rolling out revision {update}: {status.UpdatedReplicas ?? 0} of {wanted} replicas updated.")
            : ChildReadiness.Ready;
    }
}
