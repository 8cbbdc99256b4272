namespace Todo.Operator.Redis;

/// <summary>
/// The Redis password a reconcile found (<see cref="RedisPassword"/>'s result): the version the pod templates carry, and
/// the generated password to keep in the generated Secret (null when the user's Secret holds it). Where the pods read it
/// follows from the spec (<see cref="RedisPasswordRules.Reference"/>).
/// </summary>
internal sealed record ResolvedPassword(string Version, string? Generated = null)
{
    public static ResolvedPassword FromGenerated(string password) => new(RedisPasswordRules.VersionOf(password), password);
}
