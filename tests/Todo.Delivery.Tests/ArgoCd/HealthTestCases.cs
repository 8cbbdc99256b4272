using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.ArgoCd;

/// <summary>One case of a health_test.yaml, in the format of ArgoCD's resource_customizations tests.</summary>
internal sealed record HealthTestCase(string GroupKind, string InputPath, HealthResult Expected);

internal static class HealthTestCases
{
    /// <summary>Every customization folder that has a health.lua, as group/kind.</summary>
    public static IReadOnlyList<string> GroupKinds() =>
        System.IO.Directory.GetFiles(HealthScript.CustomizationsDirectory, "health.lua", SearchOption.AllDirectories)
            .Select(path => System.IO.Path.GetRelativePath(HealthScript.CustomizationsDirectory, System.IO.Path.GetDirectoryName(path)!))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<HealthTestCase> Load(string groupKind) =>
        Yaml.ReadSingle(System.IO.Path.Combine(HealthScript.Directory(groupKind), "health_test.yaml"))["tests"]!.AsArray()
            .Select(test => new HealthTestCase(
                groupKind,
                test!["inputPath"]!.GetValue<string>(),
                new HealthResult(test["healthStatus"]!["status"]!.GetValue<string>(), test["healthStatus"]!["message"]!.GetValue<string>())))
            .ToList();

    public static TheoryData<string, string> All() => [.. GroupKinds().SelectMany(Load).Select(test => (test.GroupKind, test.InputPath))];
}
