namespace Todo.Operator.Redis;

/// <summary>
/// The Redis passwords a reconcile found (<see cref="RedisPassword"/>'s result): the version the pod templates carry, the
/// generated password to keep in the generated Secret (null when the user's Secret holds it), for the user's password the
/// key its version is an HMAC under, to keep in <see cref="RedisPasswordKeySecret"/>, and the internal users' passwords
/// (<see cref="RedisUsers"/>), to keep in <see cref="RedisUsersSecret"/>. Where the pods read the app's password follows
/// from the spec (<see cref="RedisPasswordRules.Reference"/>).
/// </summary>
internal sealed record ResolvedPassword(string Version, string? Generated = null, byte[]? VersionKey = null)
{
    public IReadOnlyDictionary<string, string> Users { get; private init; } = new Dictionary<string, string>();

    public static ResolvedPassword FromGenerated(string password) => new(RedisPasswordRules.VersionOf(password), password);

    public static ResolvedPassword FromUsers(byte[] password, byte[] versionKey) => new(RedisPasswordRules.VersionOf(password, versionKey), VersionKey: versionKey);

    /// <summary>
    /// With the internal users' passwords, which the version then covers too: new ones (their Secret deleted) roll the pods
    /// onto them as a new app password does. They are random, so a digest of them tells nothing.
    /// </summary>
    public ResolvedPassword WithUsers(IReadOnlyDictionary<string, string> users) => this with
    {
        Users = users,
        Version = RedisPasswordRules.VersionOf(string.Join('\n', [Version, .. users.OrderBy(user => user.Key, StringComparer.Ordinal).Select(user => $"{user.Key}={user.Value}")])),
    };
}
