using System.Text.Json.Serialization;

namespace Todo.Operator.IntegrationTests.Smoke.Widgets;

/// <summary>The Widget kinds' JSON, generated at build time as the operator's kinds are (see ModelJsonSetup).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Widget))]
[JsonSerializable(typeof(WidgetList))]
internal sealed partial class WidgetJsonContext : JsonSerializerContext;
