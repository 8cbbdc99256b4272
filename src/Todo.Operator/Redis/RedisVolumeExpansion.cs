using System.Text.Json.Nodes;
using k8s.Models;

namespace Todo.Operator.Redis;

/// <summary>
/// What growing the Redis volumes to the spec's size takes, decided from the claims and their StorageClass alone (pure):
/// the claims to patch, or why none is, or how far the resize has come. Kubernetes expands a claim whose request grows
/// only where its class has <c>allowVolumeExpansion: true</c>, and never shrinks one (refused at admission).
/// </summary>
internal static class RedisVolumeExpansion
{
    public const string Expanding = "VolumeExpanding";
    public const string NotExpandable = "VolumeExpansionNotAllowed";

    /// <summary>The decision: claims whose request becomes <see cref="Size"/>, and what the status says (null: nothing to say).</summary>
    internal sealed record Decision(IReadOnlyList<string> Patch, string Size, string? Reason, string? Message);

    /// <summary>
    /// For <paramref name="claims"/> (those of the app's Redis pods) and the size the spec asks for: a claim that asks for
    /// less is patched when <paramref name="storageClass"/> (the claims' class, null when there is none or it cannot be
    /// read) allows expansion; a claim that asks for the size but whose capacity is below it, or that has a Resizing or
    /// FileSystemResizePending condition, is in progress.
    /// </summary>
    public static Decision Decide(IReadOnlyList<V1PersistentVolumeClaim> claims, string? className, V1StorageClass? storageClass, string size)
    {
        var wanted = new ResourceQuantity(size).ToDecimal();
        var smaller = claims.Where(claim => Requested(claim) is { } requested && requested < wanted).Select(claim => claim.Metadata.Name).ToList();
        if (smaller.Count > 0)
        {
            if (storageClass is null)
            {
                return new([], size, NotExpandable, className is null
                    ? $"{Describe(smaller)} {Has(smaller)} no StorageClass, so {Them(smaller)} cannot be expanded to {size}; nothing was changed."
                    : $"StorageClass {className} of {Describe(smaller)} cannot be read, so {Them(smaller)} {Is(smaller)} not expanded to {size}; nothing was changed.");
            }

            return storageClass.AllowVolumeExpansion is true
                ? new(smaller, size, Expanding, $"Expanding {Describe(smaller)} to {size}.")
                : new([], size, NotExpandable,
                    $"StorageClass {storageClass.Metadata.Name} does not allow volume expansion (allowVolumeExpansion is not true), so {Describe(smaller)} "
                    + $"{Is(smaller)} not expanded to {size}; nothing was changed. Keep the size the claims have, or ask the cluster's administrator "
                    + "to allow expansion in that class.");
        }

        var resizing = claims.Where(claim => Requested(claim) >= wanted && (Capacity(claim) < wanted || claim.Status?.Conditions?.Any(condition =>
                condition.Type is "Resizing" or "FileSystemResizePending" && condition.Status == "True") is true))
            .Select(claim => claim.Metadata.Name)
            .ToList();
        return resizing.Count > 0
            ? new([], size, Expanding, $"{Describe(resizing)} {Is(resizing)} being expanded to {size} (the claim's capacity is below it, or the file system waits for its pod).")
            : new([], size, null, null);
    }

    /// <summary>The merge patch that asks a claim for <paramref name="size"/>.</summary>
    public static JsonObject Patch(string size) => new() { ["spec"] = new JsonObject { ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } } } };

    private static decimal? Requested(V1PersistentVolumeClaim claim) =>
        claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var requested) is true ? requested.ToDecimal() : null;

    private static decimal? Capacity(V1PersistentVolumeClaim claim) =>
        claim.Status?.Capacity?.TryGetValue("storage", out var capacity) is true ? capacity.ToDecimal() : null;

    private static string Describe(List<string> names) =>
        names.Count == 1 ? $"PersistentVolumeClaim {names[0]}" : $"PersistentVolumeClaims {string.Join(", ", names)}";

    private static string Is(List<string> names) => names.Count == 1 ? "is" : "are";

    private static string Has(List<string> names) => names.Count == 1 ? "has" : "have";

    private static string Them(List<string> names) => names.Count == 1 ? "it" : "they";
}
