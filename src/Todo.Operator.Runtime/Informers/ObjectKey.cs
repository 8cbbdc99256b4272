using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Informers;

/// <summary>The "namespace/name" key (just "name" for cluster-scoped objects) used by caches and work queues.</summary>
internal static class ObjectKey
{
    public static string Of(IKubernetesObject<V1ObjectMeta> obj) => Of(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? string.Empty);

    public static string Of(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static (string? Namespace, string Name) Parse(string key) =>
        key.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? (key[..slash], key[(slash + 1)..]) : (null, key);
}
