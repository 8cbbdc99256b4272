using System.Diagnostics.CodeAnalysis;

namespace Todo.Operator.Generation;

/// <summary>
/// Whether this build can run <c>generate</c>, which reflects over the CRD types to write their schemas: a development
/// tool, run from the JIT build (<c>make generate</c>, the tests, the benchmarks). The Native AOT publish turns the switch
/// off (Todo.Operator.csproj), so the trimmer drops the command and all it reflects on.
/// </summary>
internal static class GenerateFeature
{
    public const string Why = "generate reflects over the CRD types; only the JIT build runs it (GenerateFeature).";

    private const string Switch = "Todo.Operator.Generate.IsSupported";

    [FeatureSwitchDefinition(Switch)]
    public static bool IsSupported => !AppContext.TryGetSwitch(Switch, out var supported) || supported;

    /// <summary>Runs <c>generate</c>; callers check <see cref="IsSupported"/> first.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only where the switch is on, the JIT build, where reflection works: "
        + "the Native AOT publish turns it off, and the trimmer removes this call with the branch it is in.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As for IL2026.")]
    public static int Run(string[] args) => GenerateCommand.Run(args);
}
