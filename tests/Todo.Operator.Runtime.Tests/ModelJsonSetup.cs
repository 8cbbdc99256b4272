using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using k8s;

namespace Todo.Operator.Runtime.Tests;

internal static class ModelJsonSetup
{
    /// <summary>
    /// The test kinds are registered as an operator registers its own, and made known to KubernetesClient's serializer
    /// (the typed calls of the tests) before its first use, after which its settings cannot change.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Registration must precede every test's first use of the client.")]
    internal static void Register()
    {
        ModelJson.Register(TestKindsJsonContext.Default);
        KubernetesJson.AddJsonOptions(options => options.TypeInfoResolverChain.Add(ModelJson.RegisteredKinds));
    }
}

[JsonSerializable(typeof(Widget))]
internal sealed partial class TestKindsJsonContext : JsonSerializerContext;
