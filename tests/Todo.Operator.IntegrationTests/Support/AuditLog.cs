using System.Text.Json;

namespace Todo.Operator.IntegrationTests.Support;

/// <summary>One completed request in the API server's audit log (JSON lines, Metadata level).</summary>
internal sealed record AuditEntry(
    string User, string Verb, string? Namespace, string? Resource, string? Subresource, string? Name, int? Code, DateTimeOffset ReceivedAt)
{
    private static readonly HashSet<string> WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    public bool IsWrite => WriteVerbs.Contains(Verb);

    public override string ToString() =>
        $"{ReceivedAt:HH:mm:ss.fff} {Verb} {Resource}{(Subresource is null ? "" : "/" + Subresource)} {Namespace}/{Name} -> {Code}";
}

internal static class AuditLog
{
    /// <summary>Every completed request; a line still being written is left for the next read.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            if (Parse(line) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>The writes <paramref name="user"/> made in <paramref name="namespace"/> received at or after <paramref name="since"/>.</summary>
    public static IReadOnlyList<AuditEntry> WritesBy(
        this IEnumerable<AuditEntry> entries, string user, string @namespace, DateTimeOffset since) =>
        [.. entries.Where(entry => entry.IsWrite && entry.User == user && entry.Namespace == @namespace && entry.ReceivedAt >= since)];

    private static AuditEntry? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.GetProperty("stage").GetString() != "ResponseComplete")
            {
                return null;
            }

            var target = root.TryGetProperty("objectRef", out var objectRef) ? objectRef : default;
            return new AuditEntry(
                root.GetProperty("user").GetProperty("username").GetString() ?? "",
                root.GetProperty("verb").GetString() ?? "",
                Text(target, "namespace"),
                Text(target, "resource"),
                Text(target, "subresource"),
                Text(target, "name"),
                root.TryGetProperty("responseStatus", out var response) && response.TryGetProperty("code", out var code) ? code.GetInt32() : null,
                root.GetProperty("requestReceivedTimestamp").GetDateTimeOffset());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? value.GetString() : null;
}
