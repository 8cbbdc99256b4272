using System.Text.Json;
using System.Text.RegularExpressions;

namespace Todo.Operator.Backups;

/// <summary>
/// What a finished backup container reported in its termination message (<see cref="BackupJob.Script"/>): read, never
/// trusted. A message that is missing, not JSON, or names another file than the one asked for is no result, and the
/// backup fails with the reason, rather than a Completed backup that names a file no restore could verify.
/// </summary>
internal sealed partial record BackupResult(string File, long SizeBytes, string Sha256, string RedisVersion, string? Source)
{
    public static (BackupResult? Result, string? Problem) Parse(string? message, string expectedFile)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return (null, "The backup container ended without reporting what it wrote.");
        }

        try
        {
            using var json = JsonDocument.Parse(message);
            var root = json.RootElement;
            var file = root.GetProperty("file").GetString();
            var size = root.GetProperty("sizeBytes").GetInt64();
            var sha256 = root.GetProperty("sha256").GetString() ?? string.Empty;
            var version = root.GetProperty("redisVersion").GetString() ?? string.Empty;
            // Only Sentinel mode's script names the pod it read (a Standalone app has one).
            var source = root.TryGetProperty("source", out var named) ? named.GetString() : null;
            if (file != expectedFile)
            {
                return (null, $"The backup container reported the file '{file}', not {expectedFile}.");
            }

            if (size <= 0 || !Sha256Regex().IsMatch(sha256))
            {
                return (null, $"The backup container reported {size} bytes with checksum '{sha256}': no usable snapshot.");
            }

            if (source is not null && !PodNameRegex().IsMatch(source))
            {
                return (null, $"The backup container reported the source '{source}', which is no pod name.");
            }

            return (new BackupResult(file, size, sha256, VersionRegex().IsMatch(version) ? version : "unknown", source), null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (null, $"The backup container's report is unreadable ({e.Message}).");
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Regex();

    [GeneratedRegex("^[0-9A-Za-z.+-]{1,32}$")]
    private static partial Regex VersionRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex PodNameRegex();
}
