using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.ArgoCd;

/// <summary>The cases of health_test.yaml, in the format of ArgoCD's resource_customizations tests.</summary>
internal static class HealthTestCases
{
    public static IReadOnlyList<(string InputPath, string Status, string Message)> Load() =>
        Yaml.ReadSingle(System.IO.Path.Combine(HealthScript.Directory, "health_test.yaml"))["tests"]!.AsArray()
            .Select(test => (
                test!["inputPath"]!.GetValue<string>(),
                test["healthStatus"]!["status"]!.GetValue<string>(),
                test["healthStatus"]!["message"]!.GetValue<string>()))
            .ToList();

    public static TheoryData<string> InputPaths() => [.. Load().Select(test => test.InputPath)];
}
