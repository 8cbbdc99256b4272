using System.Text.Json.Nodes;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;

namespace Todo.Operator.Redis;

/// <summary>
/// The PersistentVolumeClaims holding Redis' data, one per pod of the StatefulSet (ordinal 0, 1, ...). The StatefulSet's claim
/// template makes them, so they have no owner reference to the TodoApp: garbage collection never deletes them, and ArgoCD's
/// label tracking would take any claim carrying its instance label for one of its own (and prune it). So their labels and
/// annotations are chosen here, apart from the other children's: no <c>app.kubernetes.io/instance</c>, ArgoCD told never to
/// prune them, and the uid of the TodoApp whose data they hold, so that a later TodoApp of the same name does not silently
/// start on that data.
/// </summary>
internal static class RedisDataClaims
{
    /// <summary>The app's name on a claim, under a key no GitOps tool tracks by.</summary>
    public const string AppLabel = "todo.gitops.dev/todoapp";

    /// <summary>The uid of the TodoApp whose data the claim holds.</summary>
    public const string OwnerUidLabel = "todo.gitops.dev/todoapp-uid";

    public const string ArgoCdSyncOptionsAnnotation = "argocd.argoproj.io/sync-options";
    public const string NeverPrune = "Prune=false";

    /// <summary>
    /// Not a child (the StatefulSet makes the claims, nothing maps one back to an app): read to guard and stamp them, patched
    /// to stamp them, deleted when the spec asks for it, never created.
    /// </summary>
    public static OwnedKind Kind { get; } = OwnedKind.Of<V1PersistentVolumeClaim>();

    public static readonly string[] Verbs = ["get", "list", "watch", "patch", "delete"];

    public static ResourceType Type => Kind.Declared;

    /// <summary>The claim of the StatefulSet's pod <paramref name="ordinal"/>, as the StatefulSet controller names it.</summary>
    public static string Name(TodoApp app, int ordinal) => $"{RedisStatefulSet.DataVolume}-{ChildNames.Redis(app)}-{ordinal}";

    /// <summary>The claims of pods 0 to <paramref name="pods"/> - 1.</summary>
    public static IEnumerable<string> Names(TodoApp app, int pods) => Enumerable.Range(0, pods).Select(ordinal => Name(app, ordinal));

    /// <summary>Whether <paramref name="claimName"/> is the claim of one of the pods of <paramref name="app"/>'s StatefulSet.</summary>
    public static bool IsOrdinalOf(string claimName, TodoApp app)
    {
        var prefix = $"{RedisStatefulSet.DataVolume}-{ChildNames.Redis(app)}-";
        return claimName.Length > prefix.Length && claimName.StartsWith(prefix, StringComparison.Ordinal) && claimName[prefix.Length..].All(char.IsAsciiDigit);
    }

    /// <summary>
    /// The selector of the app's Redis StatefulSet. The StatefulSet controller copies the selector's labels onto every claim it
    /// makes from the template, so it selects by <see cref="AppLabel"/> rather than by the instance label ArgoCD tracks by:
    /// the claims then carry just <see cref="Labels"/>, with nothing to patch away. The app's name and the component keep it
    /// to this app's data pods. StatefulSets made before it keep their selector (<see cref="RedisStatefulSet.KeepImmutable"/>).
    /// </summary>
    public static Dictionary<string, string> Selector(TodoApp app) => new()
    {
        [AppLabels.NameKey] = AppLabels.AppName,
        [AppLabel] = app.Metadata.Name,
        [AppLabels.ComponentKey] = AppLabels.RedisComponent,
    };

    public static Dictionary<string, string> Labels(TodoApp app) => new()
    {
        [AppLabels.NameKey] = AppLabels.AppName,
        [AppLabels.ComponentKey] = AppLabels.RedisComponent,
        [AppLabels.PartOfKey] = AppLabels.AppName,
        [AppLabels.ManagedByKey] = AppLabels.ManagedBy,
        [AppLabel] = app.Metadata.Name,
        [OwnerUidLabel] = app.Metadata.Uid,
    };

    public static Dictionary<string, string> Annotations() => new() { [ArgoCdSyncOptionsAnnotation] = NeverPrune };

    /// <summary>Whether the claim holds the data of <paramref name="app"/> (rather than of an earlier app of its name, or of nobody known).</summary>
    public static bool BelongsTo(V1PersistentVolumeClaim claim, TodoApp app) =>
        claim.Metadata.Labels?.TryGetValue(OwnerUidLabel, out var uid) is true && uid == app.Metadata.Uid;

    /// <summary>
    /// Whether the claim came from this app's claim template as it is now: it holds the template's labels and annotation,
    /// so the only thing to change is the instance label the StatefulSet controller copies from the selector of a
    /// StatefulSet made before <see cref="Selector"/>.
    /// </summary>
    public static bool MadeFromTemplate(V1PersistentVolumeClaim claim, TodoApp app) =>
        Maps.Contains(claim.Metadata.Labels, Labels(app))
        && claim.Metadata.Annotations?.TryGetValue(ArgoCdSyncOptionsAnnotation, out var options) is true
        && options.Contains(NeverPrune, StringComparison.Ordinal);

    /// <summary>
    /// The merge patch that gives a claim <paramref name="app"/>'s Redis uses the labels and annotations above, or null when
    /// it has them: claims made before these existed carry the instance label ArgoCD tracks by, and no uid, and a StatefulSet
    /// made before <see cref="Selector"/> still copies that instance label from its selector onto every claim it makes.
    /// </summary>
    public static JsonObject? Stamp(V1PersistentVolumeClaim claim, TodoApp app)
    {
        var labels = claim.Metadata.Labels ?? new Dictionary<string, string>();
        var annotations = claim.Metadata.Annotations ?? new Dictionary<string, string>();
        var wantedLabels = Labels(app).Where(label => !Maps.Contains(labels, [label])).ToList();
        var tracked = labels.ContainsKey(AppLabels.InstanceKey);
        var prunable = !annotations.TryGetValue(ArgoCdSyncOptionsAnnotation, out var options) || !options.Contains(NeverPrune, StringComparison.Ordinal);
        if (wantedLabels.Count == 0 && !tracked && !prunable)
        {
            return null;
        }

        var labelPatch = new JsonObject();
        foreach (var (key, value) in wantedLabels)
        {
            labelPatch[key] = value;
        }

        if (tracked)
        {
            labelPatch[AppLabels.InstanceKey] = null;
        }

        var metadata = new JsonObject { ["labels"] = labelPatch };
        if (prunable)
        {
            metadata["annotations"] = new JsonObject { [ArgoCdSyncOptionsAnnotation] = options is { Length: > 0 } ? $"{options},{NeverPrune}" : NeverPrune };
        }

        return new JsonObject { ["metadata"] = metadata };
    }

    /// <summary>A sentence naming the claims: "PersistentVolumeClaim a" or "PersistentVolumeClaims a, b".</summary>
    public static string Describe(IReadOnlyCollection<string> names) =>
        $"PersistentVolumeClaim{(names.Count == 1 ? string.Empty : "s")} {string.Join(", ", names)}";
}
