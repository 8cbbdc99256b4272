using k8s;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;

namespace Todo.Operator.Workflow;

/// <summary>
/// The base of every child: it takes the kind from <typeparamref name="TModel"/>'s <c>[KubernetesEntity]</c>, stamps
/// apiVersion and kind in the version the cluster serves, and by default depends on nothing, is always wanted and is ready
/// once it exists, so a child is little more than its <see cref="Build"/>.
/// </summary>
internal abstract class ChildResource<TModel> : IChildResource
    where TModel : class, IKubernetesObject<V1ObjectMeta>
{
    public string Name => GetType().Name;

    public virtual IReadOnlyList<Dependency> DependsOn => [];

    public virtual OwnedKind Kind { get; } = OwnedKind.Of<TModel>();

    public abstract string ObjectName(TodoApp app);

    public virtual bool IsWanted(TodoApp app) => true;

    public IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context)
    {
        var type = context.Resources.Resolve(Kind)
            ?? throw new InvalidOperationException($"{Name} is built only where the cluster serves {Kind}.");
        var desired = Build(app, context);
        desired.ApiVersion = type.ApiVersion;
        desired.Kind = type.Kind;
        return desired;
    }

    public ChildReadiness Readiness(TodoApp app, IKubernetesObject<V1ObjectMeta> observed) => Readiness(app, ObjectCopy.As<TModel>(observed));

    /// <summary>The desired object without apiVersion and kind, which <see cref="Desired"/> adds.</summary>
    protected abstract TModel Build(TodoApp app, ChildContext context);

    protected virtual ChildReadiness Readiness(TodoApp app, TModel observed) => ChildReadiness.Ready;

    /// <summary>The child's metadata: its name, our labels for <paramref name="component"/>, the controller owner reference.</summary>
    protected V1ObjectMeta Metadata(TodoApp app, string component, IDictionary<string, string>? annotations = null) =>
        ChildMetadata.For(app, ObjectName(app), component, annotations);
}
