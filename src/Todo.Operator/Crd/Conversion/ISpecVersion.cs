using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Todo.Operator.Crd.Conversion;

/// <summary>
/// One served version of the TodoApp spec as JSON, and how it maps to the hub's (the model
/// the operator reads). A field named alike in the version and the hub needs nothing here: it is carried as it is. Only
/// what differs is written down, so adding a field to the hub and to both versions under the same name is no conversion
/// code at all (the round-trip tests check it survives).
/// </summary>
internal interface ISpecVersion
{
    /// <summary>Such as <c>todo.gitops.dev/v1beta1</c>.</summary>
    string ApiVersion { get; }

    /// <summary>The version's spec type (which its CRD schema is generated from), with its fields as serialized.</summary>
    JsonTypeInfo Shape { get; }

    JsonObject ToHub(JsonObject spec);

    JsonObject FromHub(JsonObject spec);

    /// <summary>A field path of the hub (what the validator names) as this version names it.</summary>
    string FieldPath(string hubPath);
}
