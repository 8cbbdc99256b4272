using System.Text.Json;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// An object the API server returned that the client could not decode into its model (a value the schema accepts and
/// the model cannot hold). It carries what can still be read: the identity (metadata), why decoding failed, and the
/// object as JSON, so a reporter can describe it without the model. Informers keep it out of their cache (quarantine).
/// </summary>
public sealed class UndecodableObject : IKubernetesObject<V1ObjectMeta>
{
    public UndecodableObject(ResourceType type, V1ObjectMeta metadata, string reason, JsonElement json)
    {
        ApiVersion = type.ApiVersion;
        Kind = type.Kind;
        Metadata = metadata;
        Reason = reason;
        Json = json;
    }

    public string ApiVersion { get; set; }

    public string Kind { get; set; }

    public V1ObjectMeta Metadata { get; set; }

    /// <summary>The field and what is wrong with it, e.g. "spec.resources.limits.memory: '1e1.5' is not a quantity ...".</summary>
    public string Reason { get; }

    /// <summary>The object as the API server sent it (a detached copy).</summary>
    public JsonElement Json { get; }

    public override string ToString() => $"{Kind} {Metadata.NamespaceProperty}/{Metadata.Name} (resourceVersion {Metadata.ResourceVersion}): {Reason}";
}
