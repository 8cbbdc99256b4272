using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// Any object read as its metadata only (meta.k8s.io's PartialObjectMetadata): the answer to a write whose object the
/// model may not be able to hold, such as the status patch of an <see cref="UndecodableObject"/>.
/// </summary>
public sealed class PartialObjectMetadata : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();
}
