using k8s;
using Microsoft.Extensions.Options;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>
/// A test of the runtime against the real API server: the runtime's own client, connected as the fixture's admin,
/// and a namespace of its own that is deleted afterwards.
/// </summary>
public abstract class RuntimeTest(ControlPlaneFixture fixture, string namespacePrefix) : IAsyncLifetime
{
    private string? ns;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    protected ControlPlaneFixture Fixture => fixture;

    protected Kubernetes Kubernetes { get; } = new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.AdminKubeconfigPath));

    /// <summary>The runtime's own connection, as the operator makes it from a kubeconfig.</summary>
    private protected KubernetesConnection Connection { get; } = new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.AdminKubeconfigPath));

    private protected ResourceClient Client => new(Connection, Options.Create(new OperatorOptions { FieldManager = "todo-operator-runtime-tests" }));

    protected string Namespace => ns ?? throw new InvalidOperationException("The test namespace is created in InitializeAsync.");

    public async ValueTask InitializeAsync() => ns = await fixture.CreateNamespaceAsync(namespacePrefix, Cancellation);

    public async ValueTask DisposeAsync()
    {
        if (ns is not null)
        {
            await fixture.AdminClient.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: CancellationToken.None);
        }

        Kubernetes.Dispose();
        Connection.Dispose();
        GC.SuppressFinalize(this);
    }
}
