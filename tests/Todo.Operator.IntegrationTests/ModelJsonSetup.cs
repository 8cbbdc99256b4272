using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Todo.Operator.IntegrationTests.Smoke.Widgets;
using Todo.Operator.Runtime;

namespace Todo.Operator.IntegrationTests;

internal static class ModelJsonSetup
{
    /// <summary>
    /// The operator's kinds and the test kinds are registered with KubernetesClient's serializer before any test can use
    /// it: the operator's assembly registers its own when it loads, which a test could otherwise do after the client's first call.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Registration must precede every test's first use of the client.")]
    internal static void Register()
    {
        RuntimeHelpers.RunModuleConstructor(typeof(Crd.TodoApp).Module.ModuleHandle);
        ModelJson.Register(WidgetJsonContext.Default);
    }
}
