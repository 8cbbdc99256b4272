namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>Which cluster the assembly's tests run against, from TODO_TEST_CLUSTER.</summary>
internal enum ClusterKind
{
    /// <summary>Unset: the local control plane when its binaries exist, else K3s when Docker answers.</summary>
    Detect,
    Local,
    K3s,
}

internal static class ClusterKindSetting
{
    public const string Variable = "TODO_TEST_CLUSTER";

    public static ClusterKind Read() => Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant() switch
    {
        null or "" => ClusterKind.Detect,
        "local" or "envtest" => ClusterKind.Local,
        "k3s" => ClusterKind.K3s,
        var other => throw new ArgumentException($"{Variable}='{other}' is not one of: local, k3s (or unset to detect)."),
    };
}
