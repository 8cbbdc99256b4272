using System.Globalization;
using k8s;
using k8s.Models;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>
/// What a wait that timed out says about the containers that restarted or are not ready: how each last ended and the end
/// of its log (the previous run's, when it restarted). CI shows only a failure's message, so the cause has to be in it.
/// </summary>
internal static class PodTroubles
{
    private const int MaxContainers = 4;
    private const int LogLines = 3;
    private const int LineLength = 200;

    public static async Task<string> DescribeAsync(IKubernetes client, IEnumerable<V1Pod> pods)
    {
        var troubled = pods
            .OrderBy(pod => pod.Metadata.Name, StringComparer.Ordinal)
            .SelectMany(pod => (pod.Status?.ContainerStatuses ?? []).Where(c => c.RestartCount > 0 || !c.Ready).Select(c => (pod, c)))
            .Take(MaxContainers)
            .ToList();
        if (troubled.Count == 0)
        {
            return "none";
        }

        var lines = new List<string>();
        foreach (var (pod, container) in troubled)
        {
            lines.Add($"{pod.Metadata.Name}/{container.Name}{(container.Ready ? "" : " not ready")}{Ended(container.LastState?.Terminated)}; "
                + $"its {(container.RestartCount > 0 ? "previous " : "")}log ends: {await LogTailAsync(client, pod, container)}");
        }

        return string.Join(" | ", lines);
    }

    private static string Ended(V1ContainerStateTerminated? terminated) => terminated is null
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $", last ended {terminated.Reason} (exit {terminated.ExitCode}) at {terminated.FinishedAt:HH:mm:ss}");

    private static async Task<string> LogTailAsync(IKubernetes client, V1Pod pod, V1ContainerStatus container)
    {
        try
        {
            using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(
                pod.Metadata.Name, pod.Metadata.NamespaceProperty, container.Name, previous: container.RestartCount > 0, tailLines: LogLines);
            using var reader = new StreamReader(stream);
            var log = await reader.ReadToEndAsync();
            return string.Join(" / ", log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Length > LineLength ? line[..LineLength] : line));
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            return $"(not read: {e.Message})";
        }
    }
}
