using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;

namespace Todo.Operator.Redis;

/// <summary>
/// What the users Secret (<see cref="RedisUsersSecret"/>) is to hold next, decided from what it holds, the app's password
/// and the API's Deployment (pure): the internal users' passwords as stored (a new one for a user that has none), a copy of
/// the app's password, and in Sentinel mode the previous password from the moment the app's password changes until every
/// API pod runs the new one. Redis and the Sentinels accept both meanwhile, so a rotation rolls them, then the API, with
/// no request refused; then the previous password is dropped, which rolls Redis and the Sentinels once more (no outage
/// either: the primary goes last and hands over). Standalone has no such overlap: its one pod restarts anyway.
/// </summary>
internal static class RedisUsersState
{
    public static Dictionary<string, string> Next(TodoApp app, V1Secret? stored, string password, string version, V1Deployment? api)
    {
        var users = RedisUsers.Internal.ToDictionary(user => user, user => RedisUsersSecret.StoredPassword(stored, user) ?? RedisPasswordRules.Generate());
        users[RedisUsers.ApiCopy] = password;
        if (RedisTopology.UsesSentinel(app) && Previous(stored, password, version, api) is { } previous)
        {
            users[RedisUsers.ApiPrevious] = previous;
        }

        return users;
    }

    /// <summary>Whether every pod of the API's Deployment runs its template with password version <paramref name="version"/>; true with no Deployment.</summary>
    public static bool RunsOnly(V1Deployment? api, string version) =>
        api is null
        || (Maps.Value(api.Spec?.Template?.Metadata?.Annotations, RedisPasswordRules.VersionAnnotation) == version
            && api.Status is { ObservedGeneration: { } observed } status && observed >= api.Metadata.Generation
            && (status.Replicas ?? 0) == (status.UpdatedReplicas ?? 0));

    /// <summary>
    /// The password API pods may still send: the copy of the last one seen, when the app's password changed since; else the
    /// previous one kept, until the API runs the new version.
    /// </summary>
    private static string? Previous(V1Secret? stored, string password, string version, V1Deployment? api) =>
        RedisUsersSecret.StoredPassword(stored, RedisUsers.ApiCopy) is { } copy && copy != password
            ? copy
            : RedisUsersSecret.StoredPassword(stored, RedisUsers.ApiPrevious) is { } previous && previous != password && !RunsOnly(api, version)
                ? previous
                : null;
}
