using Todo.Operator.Crd;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// What the workflow does with each member in one reconcile of one TodoApp: a wanted child is compared with the cached
/// object and applied only where it differs, an unwanted one is deleted if it exists, a step runs. An error of the API
/// server becomes the member's failure (<see cref="StepErrors"/>). While the app is paused, children are only compared and
/// steps change nothing.
/// </summary>
internal sealed partial class TodoAppSteps(
    TodoApp app,
    StepContext context,
    IInformerCache cache,
    IResourceClient client,
    IEventRecorder events,
    string fieldManager,
    ILogger logger) : IWorkflowSteps<IAppMember, MemberOutcome>
{
    private string Namespace => app.Metadata.NamespaceProperty;

    public bool IsWanted(IAppMember member) => member.IsWanted(app);

    public Task<MemberOutcome> ReconcileAsync(IAppMember member, CancellationToken cancellationToken) => member switch
    {
        IChildResource child => StepErrors.Guard("ApplyFailed", Describe(child), () => ConvergeAsync(child, cancellationToken)),
        IAppStep step => StepErrors.Guard(step.FailureReason, step.Describe(app), () => step.RunAsync(app, context, cancellationToken)),
        _ => throw new InvalidOperationException($"{member.Name} is neither a child nor a step."),
    };

    public Task<MemberOutcome> DeleteAsync(IAppMember member, CancellationToken cancellationToken) =>
        member is IChildResource child && context.ChangesAllowed
            ? StepErrors.Guard("DeleteFailed", Describe(child), () => PruneAsync(child, cancellationToken))
            : Task.FromResult(MemberOutcome.Ready);

    /// <summary>A child as the cache holds it, not compared with its desired state: for a paused app's child whose inputs could not be read.</summary>
    public MemberOutcome AsObserved(IChildResource child) =>
        context.Children.Resources.Resolve(child.Kind) is { } type && cache.Get(type, Namespace, child.ObjectName(app)) is { } observed
            ? MemberOutcome.Child(observed, child.Readiness(app, observed))
            : Missing(child);

    /// <summary>"Kind name", in the version the cluster serves when it serves one.</summary>
    public string Describe(IAppMember member) => member switch
    {
        IChildResource child => $"{(context.Children.Resources.Resolve(child.Kind) ?? child.Kind.Declared).Kind} {child.ObjectName(app)}",
        _ => member.Name,
    };

    /// <summary>Brings one wanted child to its desired state; its outcome holds the object as it now stands.</summary>
    private async Task<MemberOutcome> ConvergeAsync(IChildResource child, CancellationToken cancellationToken)
    {
        var name = child.ObjectName(app);
        if (context.Children.Resources.Resolve(child.Kind) is not { } type)
        {
            return MemberOutcome.NotServed(
                $"{child.Kind.Declared.Kind} {name} is not created: this cluster does not serve {child.Kind}; it is created once that API is installed.");
        }

        var observed = cache.Get(type, Namespace, name);
        var desired = DesiredChild.Compare(child, app, context.Children.For(child), observed);
        if (!context.ChangesAllowed)
        {
            return observed is null
                ? Missing(child)
                : MemberOutcome.Child(observed, desired.Difference is null
                    ? child.Readiness(app, observed)
                    : ChildReadiness.NotReady($"{type.Kind} {name} does not match the spec yet: spec.paused is true, so the operator does not change it."));
        }

        if (desired.NotApplied is { } notApplied)
        {
            await events.RecordAsync(app, EventType.Warning, "ChangeNotApplied", notApplied, cancellationToken);
        }

        if (observed is not null)
        {
            if (desired.Difference is not { } difference)
            {
                return MemberOutcome.Child(observed, child.Readiness(app, observed));
            }

            // Only the path: values can be secret (the Redis password).
            LogDrift(type.Kind, Namespace, name, difference);
            if (child is IFieldHandover handover && handover.Handover(app, observed, fieldManager) is { } kept)
            {
                await client.ApplyAsync(type, kept, cancellationToken, IFieldHandover.Manager);
            }
        }

        var applied = await client.ApplyAsync(type, desired.Desired, cancellationToken);
        context.Changes.Add(observed is null ? "Created" : "Updated", $"{type.Kind} {name}");
        return MemberOutcome.Child(applied, child.Readiness(app, applied));
    }

    /// <summary>Deletes a child the spec no longer asks for, if it exists.</summary>
    private async Task<MemberOutcome> PruneAsync(IChildResource child, CancellationToken cancellationToken)
    {
        var name = child.ObjectName(app);
        if (context.Children.Resources.Resolve(child.Kind) is { } type && cache.Get(type, Namespace, name) is not null)
        {
            await client.DeleteAsync(type, Namespace, name, cancellationToken);
            context.Changes.Add("Deleted", $"{type.Kind} {name} (the spec no longer asks for it)");
        }

        return MemberOutcome.Ready;
    }

    private MemberOutcome Missing(IChildResource child) =>
        MemberOutcome.Child(null, ChildReadiness.NotReady($"{Describe(child)} does not exist."));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Namespace}/{Name} differs from its desired state at {Path}; applying")]
    private partial void LogDrift(string kind, string @namespace, string name, string path);
}
