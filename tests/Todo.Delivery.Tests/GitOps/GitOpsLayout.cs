namespace Todo.Delivery.Tests.GitOps;

/// <summary>The environments of gitops/environments and what each promises.</summary>
internal static class GitOpsLayout
{
    /// <summary>Dev runs one Redis pod (a laptop's k3d has one node); the others keep their data through a node's loss.</summary>
    public static readonly (string Name, int MinReplicas, int MaxReplicas, bool Automated, string RedisMode)[] Environments =
    [
        ("dev", 1, 5, true, "Standalone"),
        ("staging", 2, 10, false, "Sentinel"),
        ("production", 3, 20, false, "Sentinel"),
    ];

    public static TheoryData<string> EnvironmentNames() => [.. Environments.Select(environment => environment.Name)];

    public static string Overlay(string environment) => $"gitops/environments/{environment}";
}
