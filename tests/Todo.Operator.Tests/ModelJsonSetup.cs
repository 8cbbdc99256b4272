using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Todo.Operator.Tests;

internal static class ModelJsonSetup
{
    /// <summary>
    /// The operator's assembly registers its kinds with KubernetesClient's serializer when it loads; loaded here, before any
    /// test can make the client's first call (after which nothing can be registered).
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Registration must precede every test's first use of the client.")]
    internal static void Register() => RuntimeHelpers.RunModuleConstructor(typeof(Operator.Crd.TodoApp).Module.ModuleHandle);
}
