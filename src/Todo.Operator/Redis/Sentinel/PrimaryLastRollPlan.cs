using System.Globalization;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// Which data pod of a Sentinel-mode app to restart next on the StatefulSet's new revision, decided from the pods, the
/// StatefulSet and what the Sentinels last said (pure). The StatefulSet's own rolling update goes by ordinal, so when the
/// primary is not pod 0 it fails over more than once; here the replicas go first and the primary last, one pod at a time,
/// and only once every pod is ready and, as the Sentinels see it, every replica is in sync with the primary: the primary is
/// never stopped while no replica holds its data. When the internal users' passwords change (their Secret was deleted) the
/// pods on the old and the new ones cannot replicate from each other, so only readiness is waited for: that roll is an
/// outage. A rotation of the app's password is not: replication does not use it.
/// </summary>
internal static class PrimaryLastRollPlan
{
    /// <summary>The label the StatefulSet controller sets on each pod: the revision of the template the pod was made from.</summary>
    public const string RevisionLabel = "controller-revision-hash";

    /// <summary>
    /// How long a pod must have been ready before the Sentinels' view of it is trusted: they read a replica's link to the
    /// primary every 10 s and the operator asks them every <see cref="SentinelObserver.Interval"/>, so a view older than a
    /// restart could still call a replica in sync that is loading the primary's data.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    /// <summary>What to do now: delete <see cref="Delete"/> (null: no pod yet), and the sentence the status gives (null: done).</summary>
    internal sealed record Decision(string? Delete, string? Message)
    {
        public bool Done => Message is null;
    }

    /// <param name="pods">The app's data pods as listed.</param>
    /// <param name="statefulSet">The data pods' StatefulSet: its update revision, pod count and template.</param>
    /// <param name="view">What the Sentinels last said (null: none answered, or not asked yet).</param>
    /// <param name="now">The time the decision is made, to tell how long pods have been ready.</param>
    public static Decision Decide(IReadOnlyList<V1Pod> pods, V1StatefulSet statefulSet, SentinelView? view, DateTime now)
    {
        var revision = statefulSet.Status?.UpdateRevision;
        var outdated = pods.Where(pod => revision is { Length: > 0 } && Maps.Value(pod.Metadata.Labels, RevisionLabel) != revision).ToList();
        if (outdated.Count == 0)
        {
            return new Decision(null, null);
        }

        var waiting = Waiting(pods, statefulSet.Spec?.Replicas ?? 1)
            ?? (CannotReplicateAcross(outdated, statefulSet) ? null : NotInSync(pods, view, now));
        if (waiting is not null)
        {
            return new Decision(null, $"Restarting the Redis data pods on revision {revision}, replicas first and the primary last: {waiting}");
        }

        var next = outdated.Where(pod => pod.Metadata.Name != view?.Primary).OrderByDescending(Ordinal).FirstOrDefault() ?? outdated.Single();
        var role = next.Metadata.Name == view?.Primary ? "the primary, which hands over first" : "a replica";
        return new Decision(next.Metadata.Name, $"Restarting Redis pod {next.Metadata.Name} ({role}) on revision {revision}; {outdated.Count - 1} more to go after it.");
    }

    /// <summary>Why no pod may be restarted now as far as the pods tell, or null.</summary>
    private static string? Waiting(IReadOnlyList<V1Pod> pods, int wanted)
    {
        if (pods.FirstOrDefault(pod => pod.Metadata.DeletionTimestamp is not null) is { } stopping)
        {
            return $"pod {stopping.Metadata.Name} is stopping.";
        }

        if (pods.Count < wanted)
        {
            return $"{pods.Count} of {wanted} pods exist.";
        }

        return pods.FirstOrDefault(pod => ReadySince(pod) is null) is { } unready ? $"pod {unready.Metadata.Name} is not ready." : null;
    }

    /// <summary>Why the Sentinels' view does not yet show every replica in sync with the primary, or null when it does.</summary>
    private static string? NotInSync(IReadOnlyList<V1Pod> pods, SentinelView? view, DateTime now)
    {
        if (view is null)
        {
            return "no Sentinel has answered the operator yet, so it can tell neither the primary nor whether the replicas are in sync.";
        }

        var recent = pods.Where(pod => now - ReadySince(pod) < Settle).OrderByDescending(ReadySince).FirstOrDefault();
        if (recent is not null)
        {
            return $"pod {recent.Metadata.Name} is ready since {ReadySince(recent)!.Value.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}; "
                + $"the Sentinels' view of its replication is trusted {Settle.TotalSeconds:0} s after that.";
        }

        var lagging = pods.Select(pod => pod.Metadata.Name)
            .Where(name => name != view.Primary && view.Replicas.FirstOrDefault(replica => replica.Name == name) is not { InSync: true })
            .ToList();
        return lagging.Count > 0 ? $"the Sentinels do not see {string.Join(", ", lagging)} in sync with the primary {view.Primary} yet." : null;
    }

    /// <summary>
    /// Whether old and new pods cannot replicate from each other, so that waiting for them to be in sync would wait for ever:
    /// the roll changes the internal users' passwords (or brings them: pods from before them have none), with which the pods
    /// replicate, or turns TLS on or off.
    /// </summary>
    private static bool CannotReplicateAcross(IEnumerable<V1Pod> outdated, V1StatefulSet statefulSet)
    {
        var wanted = statefulSet.Spec?.Template?.Metadata?.Annotations;
        var internalUsers = Maps.Value(wanted, RedisPasswordRules.InternalVersionAnnotation);
        var tls = Maps.Value(wanted, RedisTls.VersionAnnotation) is not null;
        return outdated.Any(pod => Maps.Value(pod.Metadata.Annotations, RedisPasswordRules.InternalVersionAnnotation) != internalUsers
            || Maps.Value(pod.Metadata.Annotations, RedisTls.VersionAnnotation) is not null != tls);
    }

    private static DateTime? ReadySince(V1Pod pod) =>
        pod.Status?.Conditions?.FirstOrDefault(condition => condition.Type == "Ready") is { Status: "True" } ready
            ? ready.LastTransitionTime ?? DateTime.MinValue
            : null;

    private static int Ordinal(V1Pod pod) =>
        int.TryParse(pod.Metadata.Name[(pod.Metadata.Name.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture, out var ordinal) ? ordinal : -1;
}
