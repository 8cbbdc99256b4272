using Todo.Operator.Crd;
using Todo.Operator.Crd.Conversion;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.Admission;

/// <summary>
/// The validating webhook of TodoApps: the reconciler's own <see cref="SpecValidator"/> (one source of truth: what is
/// refused here is exactly what the status would report as invalid), and on update the <see cref="StorageChangeRules"/> and <see cref="RestoreRules"/>.
/// A problem the stored object already had (admitted before this webhook existed, or by an older operator) does not
/// block an update that leaves it as it is, such as a finalizer or a label being removed, or another field being fixed:
/// the update is admitted with a warning, and the status keeps reporting it. An update that brings a new problem is
/// refused with every problem of the spec, so one refusal names all there is to fix.
/// </summary>
internal sealed class TodoAppValidator : IAdmissionValidator<TodoApp>
{
    /// <summary>Where the webhook configurations send TodoApps (config/webhook).</summary>
    public const string Path = "/validate-todoapps";

    public AdmissionVerdict ValidateCreate(TodoApp created) => Verdict(SpecValidator.Validate(created), [], []);

    public AdmissionVerdict ValidateUpdate(TodoApp old, TodoApp updated)
    {
        var problems = SpecValidator.Validate(updated);
        var (storageRefused, warnings) = StorageChangeRules.Check(old, updated);
        var refused = storageRefused.Concat(RestoreRules.Check(old, updated)).ToList();
        var stored = SpecValidator.Validate(old).ToHashSet();
        if (refused.Count == 0 && problems.All(stored.Contains))
        {
            return new AdmissionVerdict([], [.. problems.Select(problem => $"{problem.Field}: {problem.Message} (stored before this was checked at admission; "
                + "the TodoApp stays Degraded until it is fixed)"), .. warnings]);
        }

        return Verdict(problems, refused, warnings);
    }

    /// <summary>The field as the version the client wrote names it (v1alpha1's password Secret sits under password.existingSecret).</summary>
    public string FieldPath(string field, string requestApiVersion) =>
        TodoAppConversion.Versions.SingleOrDefault(version => version.ApiVersion == requestApiVersion)?.FieldPath(field) ?? field;

    private static AdmissionVerdict Verdict(IEnumerable<SpecProblem> problems, IEnumerable<SpecProblem> refused, IReadOnlyList<string> warnings) =>
        new([.. problems.Concat(refused).Select(problem => new FieldRefusal(problem.Field, problem.Reason, problem.Message))], warnings);
}
