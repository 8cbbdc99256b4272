using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime;

namespace Todo.Operator.Tests;

internal static class ModelJsonSetup
{
    /// <summary>
    /// The operator's assembly registers its kinds with the runtime's serializer when it loads; loaded here, and the kinds
    /// made known to KubernetesClient's serializer (which the tests use) before its first use, after which its settings
    /// cannot change.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Registration must precede every test's first use of the client.")]
    internal static void Register()
    {
        RuntimeHelpers.RunModuleConstructor(typeof(Operator.Crd.TodoApp).Module.ModuleHandle);
        ModelJson.Register(TestKindsJsonContext.Default);
        KubernetesJson.AddJsonOptions(options => options.TypeInfoResolverChain.Add(ModelJson.RegisteredKinds));
    }
}

/// <summary>Kinds only the tests use (a CronJob member of a test workflow), registered as an operator registers its own.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(V1CronJob))]
internal sealed partial class TestKindsJsonContext : JsonSerializerContext;
