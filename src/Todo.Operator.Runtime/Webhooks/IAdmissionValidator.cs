using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// Validates objects of one kind at admission, as controller-runtime's CustomValidator does: what is refused, and what
/// is admitted with a warning. Pure: it sees only the objects of the request, so it can answer before any cache has synced.
/// </summary>
public interface IAdmissionValidator<in T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    AdmissionVerdict ValidateCreate(T created);

    AdmissionVerdict ValidateUpdate(T old, T updated);

    /// <summary>
    /// A refused field as the version the client wrote names it: a request in another version of the kind is converted to
    /// the one the webhook is registered for (matchPolicy Equivalent), and the user should read the field they wrote.
    /// </summary>
    string FieldPath(string field, string requestApiVersion) => field;
}

/// <summary>A field at fault (a path such as <c>spec.autoscaling.minReplicas</c>), a machine-readable reason, and what to do about it.</summary>
public sealed record FieldRefusal(string Field, string Reason, string Message)
{
    /// <summary>What a log line names: the field and the reason, not the message, which may quote the object at length.</summary>
    public override string ToString() => $"{Field} ({Reason})";
}

/// <summary>Admitted when <see cref="Refusals"/> is empty; <see cref="Warnings"/> reach the client either way.</summary>
public sealed record AdmissionVerdict(IReadOnlyList<FieldRefusal> Refusals, IReadOnlyList<string> Warnings)
{
    public static AdmissionVerdict Allowed { get; } = new([], []);

    /// <summary>The fields refused, for a log line.</summary>
    public override string ToString() => string.Join(", ", Refusals);
}
