using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace Todo.Operator.Runtime.Tests;

internal static class ModelJsonSetup
{
    /// <summary>The test kinds are registered as an operator registers its own: before the client's first call.</summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Registration must precede every test's first use of the client.")]
    internal static void Register() => ModelJson.Register(TestKindsJsonContext.Default);
}

[JsonSerializable(typeof(Widget))]
internal sealed partial class TestKindsJsonContext : JsonSerializerContext;
