using k8s.Models;

namespace Todo.Operator.Backups;

/// <summary>How a backup Job ended, read from its conditions and its pod's termination message.</summary>
internal static class BackupJobOutcome
{
    /// <summary>Whether the Job has finished (its Complete or Failed condition is True), and if so whether it succeeded.</summary>
    public static bool? Succeeded(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(condition => condition.Status == "True" && condition.Type is "Complete" or "Failed") is { } finished
            ? finished.Type == "Complete"
            : null;

    /// <summary>Why a failed Job failed, in the words of its Failed condition (DeadlineExceeded, BackoffLimitExceeded).</summary>
    public static string FailureOf(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(condition => condition.Type == "Failed") is { } failed
            ? $"{failed.Reason}: {failed.Message}"
            : "the Job failed";

    /// <summary>The backup container's termination message in the Job's pods (the last one that ended), or null.</summary>
    public static string? TerminationMessage(IEnumerable<V1Pod> pods) =>
        pods.SelectMany(pod => pod.Status?.ContainerStatuses ?? [])
            .Where(status => status.Name == BackupJob.ContainerName && status.State?.Terminated is not null)
            .OrderBy(status => status.State.Terminated.FinishedAt)
            .Select(status => status.State.Terminated.Message)
            .LastOrDefault();

    /// <summary>
    /// The reason of a failed backup: the script's own when it stopped on purpose and said why (<see cref="ReplicaSource"/>:
    /// its termination message starts with the reason), else BackupJobFailed. Only known reasons: a log tail is the pod's words.
    /// </summary>
    public static string ReasonOf(string? message) =>
        ReplicaSource.Reasons.FirstOrDefault(reason => message?.StartsWith($"{reason}: ", StringComparison.Ordinal) is true) ?? "BackupJobFailed";

    /// <summary>The end of a failed container's output (its termination message falls back to its log), as a sentence, or nothing.</summary>
    public static string Tail(string? message) =>
        message is { Length: > 0 } text ? $"It said: {text.Trim()[Math.Max(0, text.Trim().Length - 400)..]} " : string.Empty;
}
