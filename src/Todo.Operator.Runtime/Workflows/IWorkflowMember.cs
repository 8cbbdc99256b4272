namespace Todo.Operator.Runtime.Workflows;

/// <summary>
/// One member of a <see cref="Workflow{TMember}"/> (JOSDK's dependent resource): a name unique in its workflow, and the
/// members it depends on. What a member does is the application's business; the workflow only decides whether and when.
/// </summary>
public interface IWorkflowMember
{
    string Name { get; }

    /// <summary>The members this one comes after, each with whether it waits until that one is ready.</summary>
    IReadOnlyList<Dependency> DependsOn { get; }
}
