using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// What the pods of a TLS app without cert-manager mount (<see cref="RedisTlsFiles"/>), in cert-manager's layout
/// (<c>ca.crt</c>, <c>tls.crt</c>, <c>tls.key</c>), so that both sources look the same to the pods.
/// </summary>
internal sealed class RedisTlsSecret : ChildResource<V1Secret>
{
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisTlsCertificates))];

    public override string ObjectName(TodoApp app) => ChildNames.RedisTlsSecret(app);

    public override bool IsWanted(TodoApp app) => RedisTls.Enabled(app) && !RedisTls.IssuedByCertManager(app);

    protected override V1Secret Build(TodoApp app, ChildContext context)
    {
        var files = context.Result(RedisMembers.Tls)?.Files
            ?? throw new InvalidOperationException($"The Redis certificate of {app.Metadata.NamespaceProperty}/{app.Metadata.Name} must be read or issued before building its Secret.");
        return new V1Secret { Metadata = Metadata(app, AppLabels.RedisComponent), Type = "kubernetes.io/tls", Data = files.Data() };
    }
}
