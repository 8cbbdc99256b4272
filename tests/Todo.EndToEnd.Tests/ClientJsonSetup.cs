using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace Todo.EndToEnd.Tests;

internal static class ClientJsonSetup
{
    /// <summary>
    /// The tests' bodies are anonymous objects and JSON values, which KubernetesClient.Aot's generated metadata does not
    /// cover: reflection serializes them here, in the tests only (the operator under test is a separate process, the
    /// image's native executable). Done before the client's first call, after which its settings are read-only.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Must precede every test's first use of the client.")]
    internal static void Register() => KubernetesJson.AddJsonOptions(options => options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver()));
}
