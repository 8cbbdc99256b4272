namespace Todo.Operator.Runtime.Workflows;

/// <summary>
/// A member's dependency on another one, by name: it runs after that one, never when that one failed or was held back,
/// and with <paramref name="WaitsUntilReady"/> only once that one is ready (JOSDK's <c>dependsOn</c> with a
/// <c>readyPostcondition</c>, declared by the member that waits rather than by the one waited for).
/// </summary>
public sealed record Dependency(string Name, bool WaitsUntilReady)
{
    /// <summary>Comes after <paramref name="name"/>, whether or not it is ready yet.</summary>
    public static Dependency On(string name) => new(name, WaitsUntilReady: false);

    /// <summary>Comes after <paramref name="name"/>, and only once it is ready.</summary>
    public static Dependency OnReady(string name) => new(name, WaitsUntilReady: true);

    public override string ToString() => WaitsUntilReady ? $"{Name} (ready)" : Name;
}
