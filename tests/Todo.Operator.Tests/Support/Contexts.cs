using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Tls;
using Todo.Operator.Runtime;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Support;

/// <summary>
/// What the builders read beyond the app, as a reconcile of a new app in the operator's pod finds it: a generated password
/// (and a version key, for the builders of an app that names its own Secret), no claims yet.
/// </summary>
internal static class Contexts
{
    public const string Password = "s3cr3t-password";

    /// <summary>The operator's pods, where config/default installs them (before the contexts, which read it).</summary>
    public static OperatorPods Operator { get; } = new("todo-operator-system");

    public static ChildContext Current { get; } = For(TestClusters.Current);

    public static ChildContext Kubernetes120 { get; } = For(TestClusters.Kubernetes120);

    /// <summary>The TLS files and CA of <see cref="TestApps.WithRedisTls"/>, issued once.</summary>
    public static RedisTlsState Tls { get; } = IssueTls();

    /// <summary><see cref="Current"/> for an app whose Redis uses TLS.</summary>
    public static ChildContext CurrentWithTls { get; } = Current.With(RedisMembers.Tls, (RedisTlsState?)Tls);

    /// <summary>On a cluster serving <paramref name="catalog"/>, without the StatefulSet's claim retention policy.</summary>
    public static ChildContext For(ResourceCatalog catalog) => For(catalog, Operator);

    /// <summary>As <see cref="For(ResourceCatalog)"/>, with the operator's pods given (null: it runs outside a pod).</summary>
    public static ChildContext For(ResourceCatalog catalog, OperatorPods? operatorPods) => new ChildContext(catalog, operatorPods: operatorPods)
        .With(RedisMembers.Password, (ResolvedPassword.FromGenerated(Password) with { VersionKey = new byte[RedisPasswordRules.VersionKeyLength] })
            .WithUsers(RedisUsers.Internal.ToDictionary(user => user, user => $"{user}-password")))
        .With(RedisMembers.ClaimRetention, false)
        .With(RedisMembers.ClaimGuard, RedisClaims.None)
        .With(RedisMembers.RestoreSource, (RestoreSource?)null)
        .With(RedisMembers.Tls, (RedisTlsState?)null);

    private static RedisTlsState IssueTls()
    {
        var app = TestApps.WithRedisTls();
        var now = DateTimeOffset.UtcNow;
        var authority = RedisCertificateAuthority.NextAuthority(null, app.Metadata.Name, now);
        return new RedisTlsState(RedisCertificateAuthority.NextFiles(authority, null, RedisTls.DnsNames(app), now), authority);
    }
}
