using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using k8s;
using Todo.Operator.IntegrationTests.Smoke.Widgets;
using Todo.Operator.Runtime;

namespace Todo.Operator.IntegrationTests;

internal static class ModelJsonSetup
{
    /// <summary>
    /// The operator's kinds and the test kinds are registered with the runtime's serializer (the operator's assembly
    /// registers its own when it loads) and made known to KubernetesClient's, which the tests' typed calls use, before its
    /// first use, after which its settings cannot change.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Registration must precede every test's first use of the client.")]
    internal static void Register()
    {
        RuntimeHelpers.RunModuleConstructor(typeof(Crd.TodoApp).Module.ModuleHandle);
        ModelJson.Register(WidgetJsonContext.Default);
        KubernetesJson.AddJsonOptions(options => options.TypeInfoResolverChain.Add(ModelJson.RegisteredKinds));
    }
}
