using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Generation;

/// <summary>
/// Schemas of Kubernetes' own types used inside the TodoApp API, written the way controller-gen writes
/// them, because reflecting over the client's models would give no descriptions and extra fields.
/// </summary>
internal static class KnownSchemas
{
    public static V1JSONSchemaProps? For(Type type) => type switch
    {
        _ when type == typeof(V1ResourceRequirements) => ResourceRequirements(),
        _ when type == typeof(V1Condition) => Condition(),
        _ => null,
    };

    private static V1JSONSchemaProps ResourceRequirements() => new()
    {
        Type = "object",
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["limits"] = QuantityMap("The most of each resource (cpu, memory) the container may use."),
            ["requests"] = QuantityMap("The amount of each resource (cpu, memory) reserved for the container."),
        },
    };

    private static V1JSONSchemaProps QuantityMap(string description) => new()
    {
        Type = "object",
        Description = description,
        AdditionalProperties = new V1JSONSchemaProps
        {
            AnyOf = [new() { Type = "integer" }, new() { Type = "string" }],
            // The grammar the operator's client decodes, not controller-gen's looser one: the API server refuses what the
            // operator could not read ("1e1.5") or would take hours to ("1e999999999").
            Pattern = QuantityGrammar.Pattern,
            MaxLength = QuantityGrammar.MaxLength,
            Maximum = QuantityGrammar.MaxInteger,
            Minimum = 0,
            XKubernetesIntOrString = true,
        },
    };

    private static V1JSONSchemaProps Condition() => new()
    {
        Type = "object",
        Description = "One aspect of the application's state, following the Kubernetes API conventions.",
        Required = ["lastTransitionTime", "message", "reason", "status", "type"],
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["type"] = new() { Type = "string", Description = "The aspect: Ready, Progressing or Degraded." },
            ["status"] = new()
            {
                Type = "string",
                Description = "True, False or Unknown.",
                EnumProperty = ["True", "False", "Unknown"],
            },
            ["reason"] = new() { Type = "string", Description = "A CamelCase word a program can act on." },
            ["message"] = new() { Type = "string", Description = "A sentence a human can act on." },
            ["observedGeneration"] = new()
            {
                Type = "integer",
                Format = "int64",
                Description = "The metadata.generation the condition was computed from.",
            },
            ["lastTransitionTime"] = new()
            {
                Type = "string",
                Format = "date-time",
                Description = "When the status last changed.",
            },
        },
    };
}
