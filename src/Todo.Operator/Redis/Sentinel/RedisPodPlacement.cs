using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// Where a Sentinel-mode app's data pods and Sentinels run, as far as it matters: the nodes that hold more than one of a kind.
/// <see cref="RedisTopology.SpreadOverNodes"/> gives each pod a node of its own when there are nodes enough, and lets them
/// share evenly when there are not; this says when they do, since losing such a node loses two copies of the data, or two
/// Sentinel votes, at once.
/// </summary>
internal static class RedisPodPlacement
{
    /// <summary>The app's data pods and Sentinels, in one list (the API's pods and the backup Jobs' are not asked for).</summary>
    public static string Selector(TodoApp app) =>
        $"{AppLabels.NameKey}={AppLabels.AppName},{AppLabels.InstanceKey}={app.Metadata.Name},"
        + $"{AppLabels.ComponentKey} in ({AppLabels.RedisComponent},{AppLabels.SentinelComponent})";

    /// <summary>
    /// The nodes holding two or more data pods, or two or more Sentinels, of <paramref name="app"/>, by node name, each with
    /// those pods by name (ordinal order); null when every pod has a node of its own. Pods not scheduled yet (no nodeName),
    /// finished ones (Succeeded, Failed: they hold nothing any more), and those of other apps or components are not counted.
    /// </summary>
    public static IList<RedisSharedNode>? SharedNodes(TodoApp app, IEnumerable<V1Pod> pods)
    {
        var placed = pods
            .Where(pod => Label(pod, AppLabels.NameKey) == AppLabels.AppName
                && Label(pod, AppLabels.InstanceKey) == app.Metadata.Name
                && pod.Metadata.NamespaceProperty == app.Metadata.NamespaceProperty)
            .Where(pod => !string.IsNullOrEmpty(pod.Spec?.NodeName) && pod.Status?.Phase is not ("Succeeded" or "Failed"))
            .ToList();

        var shared = placed
            .GroupBy(pod => pod.Spec.NodeName, StringComparer.Ordinal)
            .Select(node => new RedisSharedNode
            {
                Node = node.Key,
                DataPods = Sharing(node, AppLabels.RedisComponent),
                Sentinels = Sharing(node, AppLabels.SentinelComponent),
            })
            .Where(node => node.DataPods is not null || node.Sentinels is not null)
            .OrderBy(node => node.Node, StringComparer.Ordinal)
            .ToList();
        return shared.Count == 0 ? null : shared;
    }

    /// <summary>The entries of <paramref name="next"/> that <paramref name="previous"/> did not have as they are: a node newly shared, or shared by other pods.</summary>
    public static IEnumerable<RedisSharedNode> NewlyShared(IList<RedisSharedNode>? previous, IList<RedisSharedNode>? next) =>
        (next ?? []).Where(node => !(previous ?? []).Any(known => Same(known, node)));

    /// <summary>What losing <paramref name="node"/> would cost, for the Warning Event that reports it.</summary>
    public static string Warning(TodoApp app, RedisSharedNode node)
    {
        var sentences = new List<string>();
        if (node.DataPods is { } data)
        {
            var copies = RedisTopology.DataPods(app);
            sentences.Add($"Node {node.Node} holds {data.Count} of the {copies} Redis data pods ({string.Join(", ", data)}): losing it loses "
                + (data.Count >= copies ? "every copy of the data." : $"{data.Count} of the {copies} copies of the data at once."));
        }

        if (node.Sentinels is { } sentinels)
        {
            var count = RedisTopology.Sentinels(app).Count;
            var majority = (count / 2) + 1;
            sentences.Add($"Node {node.Node} holds {sentinels.Count} of the {count} Sentinels ({string.Join(", ", sentinels)}): losing it loses {sentinels.Count} votes at once"
                + (count - sentinels.Count < majority ? $", leaving fewer than the {majority} a failover needs." : "."));
        }

        sentences.Add("The pods share nodes because there are fewer schedulable nodes than pods (the spread constraint then lets them share evenly rather than wait).");
        return string.Join(" ", sentences);
    }

    private static List<string>? Sharing(IEnumerable<V1Pod> onNode, string component)
    {
        var names = onNode
            .Where(pod => Label(pod, AppLabels.ComponentKey) == component)
            .Select(pod => pod.Metadata.Name)
            .OrderBy(name => name.Length)
            .ThenBy(name => name, StringComparer.Ordinal)
            .ToList();
        return names.Count > 1 ? names : null;
    }

    private static string? Label(V1Pod pod, string key) => pod.Metadata.Labels?.TryGetValue(key, out var value) is true ? value : null;

    private static bool Same(RedisSharedNode known, RedisSharedNode node) =>
        known.Node == node.Node
        && (known.DataPods ?? []).SequenceEqual(node.DataPods ?? [])
        && (known.Sentinels ?? []).SequenceEqual(node.Sentinels ?? []);
}
