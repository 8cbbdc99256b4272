using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Stamps a desired child with a hash of itself. <see cref="DesiredStateDiff"/> only asks whether the observed
/// object holds every desired field, so a field the spec stops asking for (TLS removed, a limit dropped) would
/// go unnoticed; with the hash in the desired annotations that change shows up as a different annotation, and
/// the apply that follows lets server-side apply remove the fields the operator no longer sends.
/// </summary>
internal static class DesiredStateHash
{
    public const string Annotation = "todo.gitops.dev/desired-state-hash";

    public static void Stamp(IKubernetesObject<V1ObjectMeta> desired)
    {
        var annotations = desired.Metadata.Annotations ??= new Dictionary<string, string>();
        annotations.Remove(Annotation);
        // A digest prefix only tells versions apart; 64 bits keep the annotation short and reveal nothing of
        // the values hashed (the generated Secret's password among them).
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(ModelJson.Serialize(desired)));
        annotations[Annotation] = Convert.ToHexStringLower(digest)[..16];
    }
}
