using k8s;
using Microsoft.Extensions.Options;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>The runtime's own client, connected as the fixture's admin.</summary>
internal static class RuntimeClients
{
    public static Kubernetes Connect(ControlPlaneFixture fixture) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.AdminKubeconfigPath));

    public static ResourceClient ResourceClient(Kubernetes kubernetes) =>
        new(kubernetes, Options.Create(new OperatorOptions { FieldManager = "todo-operator-runtime-tests" }));
}
