namespace Todo.Operator.Runtime.Workflows;

/// <summary>What one run of a workflow did with each member, in the workflow's order.</summary>
public sealed record WorkflowResult<TMember, TOutcome>(IReadOnlyList<MemberRun<TMember, TOutcome>> Runs)
    where TOutcome : class, IMemberOutcome
{
    /// <summary>The members whose step failed.</summary>
    public IEnumerable<MemberRun<TMember, TOutcome>> Failed => Runs.Where(run => run.Outcome?.State is MemberState.Failed);

    /// <summary>The members held back by another one.</summary>
    public IEnumerable<MemberRun<TMember, TOutcome>> Held => Runs.Where(run => !run.Ran);
}
