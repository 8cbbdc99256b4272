using System.Text.Json.Nodes;
using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.Crd.Conversion;

/// <summary>
/// The conversion webhook of TodoApps: any served version to any other, through the hub. Only the spec is converted;
/// metadata (but for the annotation of <see cref="StashedFields"/>) and status are carried as they are, since every
/// version has the same status. Converting to another version and back gives the original object.
/// </summary>
internal sealed class TodoAppConversion : IObjectConversion
{
    /// <summary>Where the CRD sends conversion reviews (config/crd).</summary>
    public const string Path = "/convert-todoapps";

    public static IReadOnlyList<ISpecVersion> Versions { get; } = [new V1Alpha1.SpecVersion(), new V1Beta1.SpecVersion()];

    public static ISpecVersion Version(string apiVersion) =>
        Versions.SingleOrDefault(version => version.ApiVersion == apiVersion)
            ?? throw new ObjectConversionException($"{apiVersion} is not a version of TodoApp ({string.Join(", ", Versions.Select(version => version.ApiVersion))} are)");

    public JsonObject Convert(JsonObject obj, string desiredApiVersion)
    {
        var from = Version(obj["apiVersion"]?.GetValue<string>() ?? string.Empty);
        var to = Version(desiredApiVersion);
        var converted = obj.DeepClone().AsObject();
        converted["apiVersion"] = desiredApiVersion;
        if (from == to || obj["spec"] is not JsonObject spec)
        {
            return converted;
        }

        var annotations = converted["metadata"]?["annotations"] as JsonObject;
        var convertedSpec = Restore(Convert(spec, from, to), annotations, to, spec);
        converted["spec"] = convertedSpec;
        if (StashedFields.Stash(spec, Convert(convertedSpec, to, from), convertedSpec) is { } stash)
        {
            var metadata = converted["metadata"] as JsonObject ?? [];
            converted["metadata"] = metadata;
            annotations = metadata["annotations"] as JsonObject ?? [];
            metadata["annotations"] = annotations;
            annotations[StashedFields.Annotation(from.ApiVersion)] = stash;
        }

        return converted;
    }

    /// <summary>A spec of one version as the other holds it: through the hub, without what the other's shape lacks.</summary>
    private static JsonObject Convert(JsonObject spec, ISpecVersion from, ISpecVersion to) => ShapePruning.Prune(to.FromHub(from.ToHub(spec)), to.Shape);

    /// <summary>Applies what <paramref name="to"/> had stashed on the object when it was converted away from it, and drops the stash.</summary>
    private static JsonObject Restore(JsonObject convertedSpec, JsonObject? annotations, ISpecVersion to, JsonObject spec)
    {
        var key = StashedFields.Annotation(to.ApiVersion);
        if (annotations?[key] is not { } stash)
        {
            return convertedSpec;
        }

        annotations.Remove(key);
        return StashedFields.Restore(stash.GetValue<string>(), spec, convertedSpec);
    }
}
