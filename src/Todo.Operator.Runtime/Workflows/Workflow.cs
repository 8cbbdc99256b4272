namespace Todo.Operator.Runtime.Workflows;

/// <summary>
/// A set of members ordered by what each declares it depends on (JOSDK's workflow of dependent resources), checked once,
/// at start-up: every name unique, every dependency a member, no cycle. A run reconciles the wanted members in dependency
/// order and then deletes the unwanted ones in reverse order, as completely as it can: a member whose dependency failed
/// or was held back, or that waits for a dependency not ready yet, is neither reconciled nor deleted, and neither are
/// its own dependents, while every independent branch goes on. An unwanted member is deleted only once every member that
/// depends on it is done with it, so that nothing is removed from under a member still pointing at it.
/// </summary>
public sealed class Workflow<TMember>
    where TMember : IWorkflowMember
{
    private readonly Dictionary<string, IReadOnlyList<TMember>> dependents;

    /// <summary>
    /// The workflow of <paramref name="members"/>, in the order they are listed where their dependencies allow. Throws
    /// <see cref="InvalidWorkflowException"/> naming what is wrong: build it at start-up.
    /// </summary>
    public Workflow(IReadOnlyList<TMember> members)
    {
        WorkflowValidation.Check(members);
        var ordered = Order(members);
        Members = ordered;
        dependents = ordered.ToDictionary(
            member => member.Name,
            member => (IReadOnlyList<TMember>)[.. ordered.Where(other => other.DependsOn.Any(dependency => dependency.Name == member.Name))],
            StringComparer.Ordinal);
    }

    /// <summary>Every member in dependency order; among members free to go, in the order they were declared.</summary>
    public IReadOnlyList<TMember> Members { get; }

    /// <summary>The members that declare a dependency on <paramref name="member"/>.</summary>
    public IReadOnlyList<TMember> DependentsOf(TMember member) => dependents[member.Name];

    /// <summary>
    /// Reconciles the wanted members in order, then deletes the unwanted ones in reverse order, each only when nothing holds
    /// it back (see the class summary). Sequential: two children of one object are never written at once.
    /// </summary>
    public async Task<WorkflowResult<TMember, TOutcome>> RunAsync<TOutcome>(IWorkflowSteps<TMember, TOutcome> steps, CancellationToken cancellationToken)
        where TOutcome : class, IMemberOutcome
    {
        var wanted = Members.ToDictionary(member => member.Name, steps.IsWanted, StringComparer.Ordinal);
        var runs = new Dictionary<string, MemberRun<TMember, TOutcome>>(StringComparer.Ordinal);
        foreach (var member in Members.Where(member => wanted[member.Name]))
        {
            runs[member.Name] = HeldByDependency(member, wanted, runs) is { } hold
                ? new(member, Wanted: true, Outcome: null, hold)
                : new(member, Wanted: true, await steps.ReconcileAsync(member, cancellationToken), HeldBy: null);
        }

        foreach (var member in Members.Reverse().Where(member => !wanted[member.Name]))
        {
            runs[member.Name] = (HeldByDependency(member, wanted, runs) ?? HeldByDependent(member, runs)) is { } hold
                ? new(member, Wanted: false, Outcome: null, hold)
                : new(member, Wanted: false, await steps.DeleteAsync(member, cancellationToken), HeldBy: null);
        }

        return new([.. Members.Select(member => runs[member.Name])]);
    }

    /// <summary>
    /// The first wanted dependency that failed, was held back, or is not ready while the member waits for it. An unwanted
    /// dependency holds nothing back: it is being deleted, after this member.
    /// </summary>
    private static Hold? HeldByDependency<TOutcome>(TMember member, Dictionary<string, bool> wanted, Dictionary<string, MemberRun<TMember, TOutcome>> runs)
        where TOutcome : class, IMemberOutcome
    {
        foreach (var dependency in member.DependsOn.Where(dependency => wanted[dependency.Name]))
        {
            var run = runs[dependency.Name];
            var reason = run.Outcome?.State switch
            {
                null => HoldReason.DependencyHeld,
                MemberState.Failed => HoldReason.DependencyFailed,
                MemberState.NotReady when dependency.WaitsUntilReady => HoldReason.DependencyNotReady,
                _ => (HoldReason?)null,
            };
            if (reason is { } held)
            {
                return new Hold(dependency.Name, held);
            }
        }

        return null;
    }

    /// <summary>The first dependent, wanted or not, that is not done: deleting now could pull something from under it.</summary>
    private Hold? HeldByDependent<TOutcome>(TMember member, Dictionary<string, MemberRun<TMember, TOutcome>> runs)
        where TOutcome : class, IMemberOutcome =>
        dependents[member.Name].FirstOrDefault(dependent => !runs[dependent.Name].Done) is { } busy
            ? new Hold(busy.Name, HoldReason.DependentNotDone)
            : null;

    /// <summary>Kahn's algorithm, taking among the members whose dependencies are placed the one declared first.</summary>
    private static List<TMember> Order(IReadOnlyList<TMember> members)
    {
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<TMember>(members.Count);
        while (ordered.Count < members.Count)
        {
            var next = members.First(member => !placed.Contains(member.Name) && member.DependsOn.All(dependency => placed.Contains(dependency.Name)));
            placed.Add(next.Name);
            ordered.Add(next);
        }

        return ordered;
    }
}
