namespace Todo.Operator.Redis;

/// <summary>
/// The Redis password a reconcile found (<see cref="RedisPassword"/>'s result): the version the pod templates carry, the
/// generated password to keep in the generated Secret (null when the user's Secret holds it), and for the user's password
/// the key its version is an HMAC under, to keep in <see cref="RedisPasswordKeySecret"/>. Where the pods read it follows
/// from the spec (<see cref="RedisPasswordRules.Reference"/>).
/// </summary>
internal sealed record ResolvedPassword(string Version, string? Generated = null, byte[]? VersionKey = null)
{
    public static ResolvedPassword FromGenerated(string password) => new(RedisPasswordRules.VersionOf(password), password);

    public static ResolvedPassword FromUsers(byte[] password, byte[] versionKey) => new(RedisPasswordRules.VersionOf(password, versionKey), VersionKey: versionKey);
}
