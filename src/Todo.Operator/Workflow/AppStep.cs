using Todo.Operator.Crd;
using Todo.Operator.Runtime.Workflows;

namespace Todo.Operator.Workflow;

/// <summary>The base of a step: named by its class, wanted by default, depending on nothing unless it says so.</summary>
internal abstract class AppStep : IAppStep
{
    public string Name => GetType().Name;

    public virtual IReadOnlyList<Dependency> DependsOn => [];

    public abstract string FailureReason { get; }

    public virtual bool IsWanted(TodoApp app) => true;

    public abstract string Describe(TodoApp app);

    public abstract Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken);
}

/// <summary>A step whose dependents read a <typeparamref name="TResult"/> it leaves, with <see cref="ChildContext.Result{TResult}"/>.</summary>
internal abstract class AppStep<TResult> : AppStep
{
    /// <summary>Records <paramref name="result"/> for the dependents of this reconcile; the step is ready.</summary>
    protected MemberOutcome Ready(StepContext context, TResult result)
    {
        context.Children.Record(this, result);
        return MemberOutcome.Ready;
    }
}
