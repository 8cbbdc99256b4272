using System.Globalization;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Redis;

/// <summary>
/// Whether the cluster's StatefulSets take a persistentVolumeClaimRetentionPolicy, from the API server's version, asked
/// once (GET /version, open to every client) and kept: a server's version does not change while it keeps answering, and
/// an upgrade restarts the operator's watches anyway.
/// </summary>
internal sealed class ClaimRetentionSupport(IResourceClient client)
{
    /// <summary>StatefulSetAutoDeletePVC is on by default from 1.27 (beta); before, the field is unknown or dropped.</summary>
    public static readonly Version Since = new(1, 27);

    private Version? version;

    public async Task<bool> IsServedAsync(CancellationToken cancellationToken) =>
        await VersionAsync(cancellationToken) >= Since;

    /// <summary>Major and minor of a version as API servers report them ("1", "27+" on some managed clusters).</summary>
    public static Version Parse(VersionInfo info) => new(Leading(info.Major), Leading(info.Minor));

    // Two reconciles asking at once both ask the server, and get the same answer; a failed answer is not kept.
    private async Task<Version> VersionAsync(CancellationToken cancellationToken) =>
        version ??= Parse(await client.GetPathAsync<VersionInfo>("version", cancellationToken));

    private static int Leading(string? number) =>
        int.TryParse(new string([.. (number ?? string.Empty).TakeWhile(char.IsAsciiDigit)]), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
