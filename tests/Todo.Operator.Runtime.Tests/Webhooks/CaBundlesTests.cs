using System.Text;
using Todo.Operator.Runtime.Certificates;
using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.Runtime.Tests.Webhooks;

/// <summary>
/// A caBundle only ever gains a CA, and loses one only once it has expired, so replicas publishing without coordination
/// can never take away the CA of a certificate one of them serves.
/// </summary>
public sealed class CaBundlesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_empty_cabundle_gets_the_trust_bundle()
    {
        var trust = Authorities(Now, TimeSpan.FromDays(1));

        var merged = CaBundles.Merge(null, trust, Now);

        Assert.Equal(Thumbprints(trust), Thumbprints(merged));
    }

    [Fact]
    public void A_cabundle_that_holds_the_trust_bundle_is_left_alone()
    {
        var trust = Authorities(Now, TimeSpan.FromDays(1));

        Assert.Null(CaBundles.Merge(Encoding.UTF8.GetBytes(trust), trust, Now));
    }

    [Fact]
    public void A_stale_trust_bundle_never_removes_a_newer_ca_already_published()
    {
        var old = Authorities(Now, TimeSpan.FromDays(10));
        var renewed = Authorities(Now, TimeSpan.FromDays(10));
        var published = Encoding.UTF8.GetBytes(renewed + old);

        // A replica that read the Secret before the renewal publishes what it read.
        Assert.Null(CaBundles.Merge(published, old, Now));
    }

    [Fact]
    public void An_expired_ca_leaves_the_cabundle()
    {
        var expiring = Authorities(Now, TimeSpan.FromHours(1));
        var current = Authorities(Now, TimeSpan.FromDays(10));

        var merged = CaBundles.Merge(Encoding.UTF8.GetBytes(current + expiring), current, Now + TimeSpan.FromHours(2));

        Assert.Equal(Thumbprints(current), Thumbprints(merged));
    }

    private static string Authorities(DateTimeOffset now, TimeSpan lifetime)
    {
        var (certificate, key) = SelfSignedAuthority.CreateAuthority("test-ca", now, lifetime);
        using (certificate)
        using (key)
        {
            return WebhookCertificateSecret.Pem([certificate]);
        }
    }

    private static IEnumerable<string> Thumbprints(string pem) => WebhookCertificateSecret.Bundle(pem).Select(certificate => certificate.Thumbprint);

    private static IEnumerable<string> Thumbprints(byte[]? pem) => Thumbprints(Encoding.UTF8.GetString(pem!));
}
