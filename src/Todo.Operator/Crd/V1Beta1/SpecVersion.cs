using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Todo.Operator.Crd.Conversion;

namespace Todo.Operator.Crd.V1Beta1;

/// <summary>
/// What v1beta1 holds otherwise than the hub: autoscaling is on when <c>autoscaling</c> is there and off when it is not
/// (the hub, like v1alpha1, has <c>autoscaling.enabled</c>). Everything else is carried as it is. An app without
/// autoscaling has the hub's default settings, which it does not use; other settings of a disabled autoscaling written in
/// v1alpha1 survive in the annotation of <see cref="StashedFields"/>.
/// </summary>
internal sealed class SpecVersion : ISpecVersion
{
    public string ApiVersion => $"{Crd.TodoApp.Group}/{TodoApp.Version}";

    public JsonTypeInfo Shape => V1Beta1JsonContext.Default.TodoAppSpec;

    public JsonObject ToHub(JsonObject spec)
    {
        var hub = spec.DeepClone().AsObject();
        var autoscaling = hub["autoscaling"] is JsonObject settings ? settings : DisabledAutoscaling();
        autoscaling["enabled"] = hub["autoscaling"] is JsonObject;
        hub["autoscaling"] = autoscaling;
        return hub;
    }

    public JsonObject FromHub(JsonObject spec)
    {
        var version = spec.DeepClone().AsObject();
        if (version["autoscaling"] is JsonObject autoscaling && autoscaling["enabled"]?.GetValue<bool>() is not false)
        {
            autoscaling.Remove("enabled");
        }
        else
        {
            version.Remove("autoscaling");
        }

        return version;
    }

    public string FieldPath(string hubPath) => hubPath;

    private static JsonObject DisabledAutoscaling() => System.Text.Json.JsonSerializer.SerializeToNode(new Crd.AutoscalingSpec(), OperatorJsonContext.Default.AutoscalingSpec)!.AsObject();
}
