using k8s.Models;

namespace Todo.Operator.IntegrationTests.Smoke.Widgets;

/// <summary>The Widget CRD: a structural schema with a default and a range, to see the server apply both.</summary>
internal static class WidgetDefinition
{
    public const string Group = "smoke.todo.gitops.dev";
    public const string Version = "v1";
    public const string Kind = "Widget";
    public const string Plural = "widgets";
    public const string Name = $"{Plural}.{Group}";
    public const int DefaultSize = 3;
    public const int MaximumSize = 10;

    public static V1CustomResourceDefinition Create() => new()
    {
        ApiVersion = "apiextensions.k8s.io/v1",
        Kind = "CustomResourceDefinition",
        Metadata = new V1ObjectMeta { Name = Name },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = Group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Kind = Kind, ListKind = $"{Kind}List", Plural = Plural, Singular = "widget" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = Version,
                    Served = true,
                    Storage = true,
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Properties = new Dictionary<string, V1JSONSchemaProps>
                            {
                                ["spec"] = new()
                                {
                                    Type = "object",
                                    Properties = new Dictionary<string, V1JSONSchemaProps>
                                    {
                                        ["size"] = new() { Type = "integer", Minimum = 1, Maximum = MaximumSize, DefaultProperty = DefaultSize },
                                        ["message"] = new() { Type = "string" },
                                    },
                                },
                            },
                        },
                    },
                },
            ],
        },
    };
}
