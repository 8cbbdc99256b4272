using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.TodoApi;
using Todo.Operator.Workflow;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Derives a TodoApp's status from what one reconcile learned. Pure: the same inputs give the same
/// status, and a condition keeps its lastTransitionTime while its status does not change, so a reconcile
/// that changes nothing produces an identical status and <see cref="HasChanged"/> lets the loop skip the write.
/// </summary>
internal static class StatusBuilder
{
    public const string Retrying = "Retrying";

    /// <summary>How long a failure the operator retries on may last before it is reported as Degraded (contract 5).</summary>
    public static readonly TimeSpan FailureGracePeriod = TimeSpan.FromMinutes(5);

    public static TodoAppStatus Build(TodoApp app, StatusInputs inputs, DateTime now)
    {
        var generation = app.Metadata.Generation;
        var previous = app.Status?.Conditions ?? [];
        var transitionTime = TruncateToSeconds(now);
        var failingSince = inputs.Failure is null ? (DateTime?)null : app.Status?.FailingSince ?? transitionTime;
        var (ready, progressing, degraded) = Evaluate(app, inputs, failingSince, transitionTime);

        return new TodoAppStatus
        {
            ObservedGeneration = generation,
            Conditions =
            [
                Condition(previous, ConditionTypes.Ready, ready, generation, transitionTime),
                Condition(previous, ConditionTypes.Progressing, progressing, generation, transitionTime),
                Condition(previous, ConditionTypes.Degraded, degraded, generation, transitionTime),
            ],
            // Without an observed Deployment (invalid spec, a failed step) the last counts still stand; leaving
            // them out of the merge patch would keep them anyway, and make every reconcile look like a change.
            Replicas = inputs.Replicas ?? app.Status?.Replicas,
            ReadyReplicas = inputs.ReadyReplicas ?? app.Status?.ReadyReplicas,
            // An invalid spec changes nothing in the cluster, so the app is still where it was.
            Url = inputs.Problems.Count > 0 ? app.Status?.Url : TodoApiIngress.Url(app),
            LabelSelector = AppLabels.SelectorString(app, AppLabels.TodoApiComponent),
            FailingSince = failingSince,
            // Deleted backups (keep, or by hand) leave the last success as it was.
            LastBackup = inputs.LastBackup is { } last && (app.Status?.LastBackup is not { } known || last.CompletedAt > known.CompletedAt)
                ? last
                : app.Status?.LastBackup,
            Redis = RedisStatusBuilder.Build(app, inputs.Sentinels, inputs.RedisPods),
        };
    }

    /// <summary>Whether writing <paramref name="desired"/> would change the stored status.</summary>
    public static bool HasChanged(TodoAppStatus? current, TodoAppStatus desired) =>
        current is null || ModelJson.Serialize(current) != ModelJson.Serialize(desired);

    private static (Verdict Ready, Verdict Progressing, Verdict Degraded) Evaluate(TodoApp app, StatusInputs inputs, DateTime? failingSince, DateTime now)
    {
        if (inputs.Problems is [var first, ..])
        {
            var message = string.Join(" ", inputs.Problems.Select(problem => $"{problem.Field}: {problem.Message}"));
            return (
                new(false, first.Reason, message),
                new(false, "InvalidSpec", "Nothing was changed; the operator waits for a corrected spec."),
                new(true, first.Reason, message));
        }

        if (inputs.Failure is { } failure && failingSince is { } since)
        {
            return (
                new(false, failure.Reason, failure.Message),
                new(true, Retrying, inputs.Held.Count == 0 ? Retries(failure) : $"{Retries(failure)} Held back until then: {string.Join(", ", inputs.Held)}."),
                Degraded(failure, since, now));
        }

        var notReady = inputs.Children.Where(child => !child.Readiness.IsReady).OrderBy(child => !child.Readiness.HasFailed).ToList();
        var paused = new Verdict(false, "Paused", "spec.paused is true: the operator does not change the children.");
        // A child the cluster cannot hold (no API for it) is reported, but fails nothing: the app runs without it.
        var ready = notReady.Count == 0
            ? new Verdict(true, "AllChildrenReady", string.Join(" ", [$"All {inputs.Children.Count} children are ready.", .. inputs.Unavailable]))
            : new Verdict(false, notReady[0].Readiness.FailureReason ?? "ChildrenNotReady", string.Join(" ", [.. notReady.Select(child => child.Readiness.Message), .. inputs.Unavailable]));
        if (notReady is [{ Readiness: { FailureReason: { } reason, Message: var failed } }, ..])
        {
            return (ready, app.Spec.Paused ? paused : new(false, reason, failed), new(true, reason, failed));
        }

        var progressing = app.Spec.Paused
            ? paused
            : notReady.Count == 0
                ? new Verdict(false, "ReconcileComplete", "The children match the spec.")
                : new Verdict(true, "ChildrenNotReady", ready.Message);
        return (ready, progressing, new Verdict(false, "AsExpected", "No problems found."));
    }

    /// <summary>How the operator goes on: soon while the cause may pass; while a person must act, regularly and on every change.</summary>
    private static string Retries(ReconcileFailure failure) => failure.NeedsAction
        ? "Retrying soon cannot fix this: the operator looks again from time to time, and as soon as the TodoApp changes."
        : "The operator retries with backoff.";

    /// <summary>
    /// Degraded only when a person must act: at once for a failure that will not go away by retrying, after
    /// <see cref="FailureGracePeriod"/> for one that might (an API server error, a Secret not yet unsealed).
    /// </summary>
    private static Verdict Degraded(ReconcileFailure failure, DateTime since, DateTime now)
    {
        var at = since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        if (failure.NeedsAction)
        {
            return new(true, failure.Reason, failure.Message);
        }

        return now - since > FailureGracePeriod
            ? new(true, failure.Reason, $"{failure.Message} (failing since {at}, retried for more than {FailureGracePeriod.TotalMinutes} minutes)")
            : new(false, Retrying, $"{failure.Reason} since {at}: retried with backoff, and reported as Degraded if it lasts more than {FailureGracePeriod.TotalMinutes} minutes.");
    }

    private static V1Condition Condition(IList<V1Condition> previous, string type, Verdict verdict, long? generation, DateTime now)
    {
        var status = verdict.IsTrue ? "True" : "False";
        var existing = previous.FirstOrDefault(condition => condition.Type == type);
        return new V1Condition
        {
            Type = type,
            Status = status,
            Reason = verdict.Reason,
            Message = verdict.Message,
            ObservedGeneration = generation,
            LastTransitionTime = existing is not null && existing.Status == status ? existing.LastTransitionTime : now,
        };
    }

    private static DateTime TruncateToSeconds(DateTime time)
    {
        var utc = time.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    private sealed record Verdict(bool IsTrue, string Reason, string Message);
}
