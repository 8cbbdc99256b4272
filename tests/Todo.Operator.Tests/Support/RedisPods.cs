using k8s.Models;
using Todo.Operator.Children;

namespace Todo.Operator.Tests.Support;

/// <summary>An app's Redis pods as their StatefulSets make them: the template's labels, and the node the scheduler bound them to.</summary>
internal static class RedisPods
{
    public static V1Pod Data(int ordinal, string? node) => Pod($"{TestApps.Name}-redis-{ordinal}", AppLabels.RedisComponent, node);

    public static V1Pod Sentinel(int ordinal, string? node) => Pod($"{TestApps.Name}-redis-sentinel-{ordinal}", AppLabels.SentinelComponent, node);

    public static V1Pod Pod(string name, string component, string? node, string app = TestApps.Name, string? phase = "Running") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = TestApps.Namespace,
            Labels = new Dictionary<string, string>
            {
                [AppLabels.NameKey] = AppLabels.AppName,
                [AppLabels.InstanceKey] = app,
                [AppLabels.ComponentKey] = component,
                [AppLabels.PartOfKey] = AppLabels.AppName,
                [AppLabels.ManagedByKey] = AppLabels.ManagedBy,
            },
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [] },
        Status = new V1PodStatus { Phase = node is null ? "Pending" : phase },
    };
}
