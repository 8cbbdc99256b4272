using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Todo.Operator.Runtime;

namespace Todo.Operator.Serialization;

internal static class OperatorModelsJson
{
    /// <summary>
    /// Registers the operator's kinds with the runtime's serializer when this assembly loads: before any code can
    /// serialize one, in the operator and in every test that uses them alike.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The kinds are unusable before their metadata is registered; no call site could be earlier than this.")]
    internal static void Register()
    {
        ModelJson.Register(OperatorModelsJsonContext.Default);
        ModelJson.Register(Crd.V1Alpha1.V1Alpha1JsonContext.Default);
        ModelJson.Register(Crd.V1Beta1.V1Beta1JsonContext.Default);
    }
}
