using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Client;

/// <summary>A client outside the operator's host, for one-off commands such as `migrate`.</summary>
public static class ResourceClientFactory
{
    public static IResourceClient Create(KubernetesConnection connection, OperatorOptions options) =>
        new ResourceClient(connection, Options.Create(options));
}
