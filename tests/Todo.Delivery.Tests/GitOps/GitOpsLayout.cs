namespace Todo.Delivery.Tests.GitOps;

/// <summary>The environments of gitops/environments and what each promises.</summary>
internal static class GitOpsLayout
{
    public static readonly (string Name, int MinReplicas, int MaxReplicas, bool Automated)[] Environments =
    [
        ("dev", 1, 5, true),
        ("staging", 2, 10, false),
        ("production", 3, 20, false),
    ];

    public static TheoryData<string> EnvironmentNames() => [.. Environments.Select(environment => environment.Name)];

    public static string Overlay(string environment) => $"gitops/environments/{environment}";
}
