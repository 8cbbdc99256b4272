using System.Globalization;
using System.Text.RegularExpressions;

namespace Todo.Operator.IntegrationTests.Support;

/// <summary>
/// The versions a server of a given release serves for kinds whose version moved: autoscaling/v2 since
/// Kubernetes 1.23 (v2beta2 before), policy/v1 since 1.21 (v1beta1 before).
/// </summary>
internal sealed partial record ServedApiVersions(string Autoscaling, string Policy)
{
    public static ServedApiVersions For(string serverVersion)
    {
        var match = MajorMinor().Match(serverVersion);
        if (!match.Success)
        {
            throw new ArgumentException($"'{serverVersion}' is not a Kubernetes version like v1.20.2.", nameof(serverVersion));
        }

        var minor = int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture);
        return new(minor >= 23 ? "v2" : "v2beta2", minor >= 21 ? "v1" : "v1beta1");
    }

    [GeneratedRegex(@"^v1\.(?<minor>\d+)")]
    private static partial Regex MajorMinor();
}
