using System.Text.Json;
using k8s;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// The serializer settings <see cref="KubernetesJson"/> uses (the instance itself, not a copy), for the calls it has no
/// overload for: reading into a model type known only at run time (<see cref="ObjectCopy.FromJson"/>).
/// </summary>
internal static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Shared { get; } = Capture();

    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? shared = null;
        // The client's settings are reachable only through this hook; nothing is changed in them.
        KubernetesJson.AddJsonOptions(options => shared = options);
        return shared ?? throw new InvalidOperationException("KubernetesJson did not hand out its serializer options.");
    }
}
