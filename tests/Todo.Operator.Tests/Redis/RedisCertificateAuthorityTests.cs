using System.Security.Cryptography.X509Certificates;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Tests.Redis;

public sealed class RedisCertificateAuthorityTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["shop-redis", "*.shop-redis.team-a.svc", "localhost"];

    [Fact]
    public void A_new_app_gets_a_ca_and_a_certificate_for_its_names_that_serves_and_authenticates_clients()
    {
        var authority = RedisCertificateAuthority.NextAuthority(null, "shop", Start);
        var files = RedisCertificateAuthority.NextFiles(authority, null, Names, Start);

        using var certificate = X509Certificate2.CreateFromPem(files.Certificate, files.Key);
        Assert.True(Chains(files.Certificate, files.CaBundle, Start));
        Assert.Equal(Names, certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(oid => oid.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages);
        Assert.DoesNotContain("PRIVATE KEY", files.CaBundle, StringComparison.Ordinal);
    }

    [Fact]
    public void The_certificate_is_kept_until_a_month_before_its_end_then_renewed_by_the_same_ca()
    {
        var authority = RedisCertificateAuthority.NextAuthority(null, "shop", Start);
        var first = RedisCertificateAuthority.NextFiles(authority, null, Names, Start);
        var laterAuthority = RedisCertificateAuthority.NextAuthority(authority, "shop", Start.AddDays(59));

        Assert.Equal(authority, laterAuthority);
        Assert.Equal(first, RedisCertificateAuthority.NextFiles(laterAuthority, first, Names, Start.AddDays(59)));
        var renewed = RedisCertificateAuthority.NextFiles(laterAuthority, first, Names, Start.AddDays(61));
        Assert.NotEqual(first.Certificate, renewed.Certificate);
        Assert.NotEqual(first.Key, renewed.Key);
        Assert.Equal(first.CaBundle, renewed.CaBundle);
        Assert.True(Chains(renewed.Certificate, first.CaBundle, Start.AddDays(61)));
    }

    [Fact]
    public void New_names_get_a_new_certificate()
    {
        var authority = RedisCertificateAuthority.NextAuthority(null, "shop", Start);
        var first = RedisCertificateAuthority.NextFiles(authority, null, Names, Start);

        var renamed = RedisCertificateAuthority.NextFiles(authority, first, [.. Names, "*.shop-redis-sentinel.team-a.svc"], Start);

        Assert.NotEqual(first.Certificate, renamed.Certificate);
    }

    /// <summary>
    /// A year before the CA ends a successor joins the bundle while the old CA still signs; a day later the successor signs
    /// and the old CA stays trusted. At every step, pods on the step before and pods on the step after trust each other.
    /// </summary>
    [Fact]
    public void A_ca_near_its_end_is_replaced_so_that_pods_before_and_after_each_step_trust_each_other()
    {
        var authority = RedisCertificateAuthority.NextAuthority(null, "shop", Start);
        var before = RedisCertificateAuthority.NextFiles(authority, null, Names, Start);
        var nearEnd = Start + RedisCertificateAuthority.CaLifetime - RedisCertificateAuthority.CaRenewBefore + TimeSpan.FromDays(1);
        before = RedisCertificateAuthority.NextFiles(authority, before, Names, nearEnd);

        var joined = RedisCertificateAuthority.NextAuthority(authority, "shop", nearEnd);
        var bundled = RedisCertificateAuthority.NextFiles(joined, before, Names, nearEnd);
        Assert.NotNull(joined.Next);
        Assert.Equal(authority.Signer, joined.Signer);
        Assert.Equal(before.Certificate, bundled.Certificate);

        var switchedAt = nearEnd.AddDays(1).AddMinutes(10);
        var switched = RedisCertificateAuthority.NextAuthority(joined, "shop", switchedAt);
        var after = RedisCertificateAuthority.NextFiles(switched, bundled, Names, switchedAt);
        Assert.Equal(joined.Next, switched.Signer);
        Assert.Equal(authority.Signer.Certificate, switched.Previous);
        Assert.NotEqual(bundled.Certificate, after.Certificate);

        Assert.True(Chains(after.Certificate, bundled.CaBundle, switchedAt), "a pod with the bundle does not trust the new CA's certificate");
        Assert.True(Chains(bundled.Certificate, after.CaBundle, switchedAt), "a new pod does not trust a certificate of the old CA");
        Assert.False(Chains(after.Certificate, before.CaBundle, switchedAt), "the test cannot tell trust from no trust");
    }

    [Fact]
    public void A_ca_that_does_not_parse_is_replaced()
    {
        var broken = new RedisAuthority(new CertificateAndKey("not a certificate", "not a key"));

        var authority = RedisCertificateAuthority.NextAuthority(broken, "shop", Start);

        Assert.NotEqual(broken.Signer, authority.Signer);
        Assert.True(Chains(RedisCertificateAuthority.NextFiles(authority, null, Names, Start).Certificate, authority.Bundle, Start));
    }

    private static bool Chains(string certificatePem, string bundlePem, DateTimeOffset at)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(bundlePem);
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        return chain.Build(certificate);
    }
}
