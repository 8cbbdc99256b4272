namespace Todo.Operator.Redis;

/// <summary>
/// The Redis passwords a reconcile found (<see cref="RedisPassword"/>'s result). <see cref="Version"/> is the app's password's,
/// which the API's pod template carries; the generated password to keep in the generated Secret (null when the user's Secret
/// holds it); for the user's password the key its version is an HMAC under, to keep in <see cref="RedisPasswordKeySecret"/>;
/// and what <see cref="RedisUsersSecret"/> keeps: the internal users' passwords (<see cref="RedisUsers"/>), a copy of the
/// app's password, and during a rotation in Sentinel mode the previous one. Where the pods read the app's password follows
/// from the spec (<see cref="RedisPasswordRules.Reference"/>).
/// </summary>
internal sealed record ResolvedPassword(string Version, string? Generated = null, byte[]? VersionKey = null)
{
    /// <summary>The users Secret's keys and values: the internal users', <see cref="RedisUsers.ApiCopy"/>, <see cref="RedisUsers.ApiPrevious"/>.</summary>
    public IReadOnlyDictionary<string, string> Users { get; private init; } = new Dictionary<string, string>();

    /// <summary>
    /// What the pod templates of Redis and the Sentinels carry: the app's password version, the internal users' passwords
    /// and whether a previous password is still accepted, so that a change of any of them rolls those pods. The internal
    /// passwords are random and the previous one is only counted, so a digest of them tells nothing.
    /// </summary>
    public string ServerVersion { get; private init; } = Version;

    /// <summary>The version of the internal users' passwords alone: pods on two of them cannot replicate from each other.</summary>
    public string InternalVersion { get; private init; } = "";

    public bool KeepsPrevious => Users.ContainsKey(RedisUsers.ApiPrevious);

    public static ResolvedPassword FromGenerated(string password) => new(RedisPasswordRules.VersionOf(password), password);

    public static ResolvedPassword FromUsers(byte[] password, byte[] versionKey) => new(RedisPasswordRules.VersionOf(password, versionKey), VersionKey: versionKey);

    /// <summary>With the users Secret's content (<see cref="Users"/>), which the server versions then cover.</summary>
    public ResolvedPassword WithUsers(IReadOnlyDictionary<string, string> users)
    {
        var internalVersion = RedisPasswordRules.VersionOf(string.Join('\n', RedisUsers.Internal.Select(user => $"{user}={users[user]}")));
        return this with
        {
            Users = users,
            InternalVersion = internalVersion,
            ServerVersion = RedisPasswordRules.VersionOf($"{Version}\n{internalVersion}\n{(users.ContainsKey(RedisUsers.ApiPrevious) ? "previous" : "")}"),
        };
    }
}
