using System.Security.Cryptography.X509Certificates;
using Todo.Operator.Runtime.Certificates;
using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.Runtime.Tests.Webhooks;

/// <summary>What the webhook's Secret holds over time: issued once, renewed a third before expiry, a new CA trusted beside the old.</summary>
public sealed class CertificateRenewalTests
{
    private static readonly string[] Names = ["todo-operator-webhook.todo-operator-system.svc", "127.0.0.1"];
    private static readonly TimeSpan Leaf = TimeSpan.FromDays(90);
    private static readonly TimeSpan Authority = TimeSpan.FromDays(365);
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_empty_secret_gets_a_ca_and_a_certificate_for_every_name_that_chains_to_it()
    {
        var data = Renew(null, Start)!;

        using var serving = WebhookCertificateSecret.ServingCertificate(data)!;
        var trust = Trust(data);
        Assert.Single(trust);
        Assert.True(SelfSignedAuthority.IsIssuedBy(serving, trust[0], Start));
        Assert.True(SelfSignedAuthority.Names(serving).SetEquals(Names));
        Assert.Contains(serving.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.1");
        Assert.True(trust[0].Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(Start + Leaf, new DateTimeOffset(serving.NotAfter.ToUniversalTime()));
    }

    [Fact]
    public void Nothing_changes_until_a_third_of_the_certificate_is_left()
    {
        var data = Renew(null, Start)!;

        Assert.Null(Renew(data, Start + (Leaf * 2 / 3) - TimeSpan.FromMinutes(1)));
        var renewed = Renew(data, Start + (Leaf * 2 / 3) + TimeSpan.FromMinutes(1));

        Assert.NotNull(renewed);
        Assert.NotEqual(data[WebhookCertificateSecret.Certificate], renewed[WebhookCertificateSecret.Certificate]);
        // The same CA signs it: the caBundles need not change.
        Assert.Equal(data[WebhookCertificateSecret.TrustBundle], renewed[WebhookCertificateSecret.TrustBundle]);
        Assert.Equal(data[WebhookCertificateSecret.AuthorityKey], renewed[WebhookCertificateSecret.AuthorityKey]);
    }

    [Fact]
    public void A_ca_due_for_renewal_is_replaced_and_the_old_one_stays_trusted_until_it_expires()
    {
        var data = Renew(null, Start)!;
        var renewalOfTheCa = Start + (Authority * 2 / 3) + TimeSpan.FromMinutes(1);

        var renewed = Renew(data, renewalOfTheCa)!;

        var trust = Trust(renewed);
        Assert.Equal(2, trust.Count);
        Assert.Equal(Trust(data)[0].Thumbprint, trust[1].Thumbprint);
        using var serving = WebhookCertificateSecret.ServingCertificate(renewed)!;
        Assert.True(SelfSignedAuthority.IsIssuedBy(serving, trust[0], renewalOfTheCa));

        var afterTheOldExpired = Renew(renewed, Start + Authority + TimeSpan.FromMinutes(1))!;
        Assert.Equal([trust[0].Thumbprint], Trust(afterTheOldExpired).Select(certificate => certificate.Thumbprint));
    }

    [Fact]
    public void A_certificate_is_never_valid_after_its_ca()
    {
        var (authority, key) = SelfSignedAuthority.CreateAuthority("test-ca", Start, TimeSpan.FromDays(10));
        using (authority)
        using (key)
        {
            var (serving, servingKey) = SelfSignedAuthority.Issue(authority, key, Names, Start, Leaf);
            using (serving)
            using (servingKey)
            {
                Assert.Equal(authority.NotAfter, serving.NotAfter);
            }
        }
    }

    [Fact]
    public void A_certificate_for_other_names_is_issued_again()
    {
        var data = Renew(null, Start)!;

        var renewed = CertificateRenewal.Renew(data, ["todo-operator-webhook.other.svc"], Leaf, Authority, Start + TimeSpan.FromHours(1))!;

        using var serving = WebhookCertificateSecret.ServingCertificate(renewed)!;
        Assert.Equal(["todo-operator-webhook.other.svc"], SelfSignedAuthority.Names(serving));
        Assert.Equal(data[WebhookCertificateSecret.TrustBundle], renewed[WebhookCertificateSecret.TrustBundle]);
    }

    [Fact]
    public void A_secret_with_unreadable_or_mismatched_contents_is_issued_afresh()
    {
        var data = Renew(null, Start)!;
        var other = Renew(null, Start)!;
        var garbled = new Dictionary<string, byte[]>(data) { [WebhookCertificateSecret.Certificate] = "not a certificate"u8.ToArray() };
        var foreignKey = new Dictionary<string, byte[]>(data) { [WebhookCertificateSecret.AuthorityKey] = other[WebhookCertificateSecret.AuthorityKey] };

        Assert.NotNull(Renew(garbled, Start));
        var reissued = Renew(foreignKey, Start)!;

        // A CA whose key the Secret does not hold cannot sign: a new CA, with the old one still trusted.
        Assert.Equal(2, Trust(reissued).Count);
        Assert.NotEqual(Trust(data)[0].Thumbprint, Trust(reissued)[0].Thumbprint);
    }

    [Fact]
    public void The_next_renewal_is_the_earlier_of_the_ca_and_the_certificate()
    {
        var data = Renew(null, Start)!;

        Assert.Equal(Start + (Leaf * 2 / 3), CertificateRenewal.NextRenewal(data));
        Assert.Null(CertificateRenewal.NextRenewal(null));
    }

    private static Dictionary<string, byte[]>? Renew(IDictionary<string, byte[]>? data, DateTimeOffset now) =>
        CertificateRenewal.Renew(data, Names, Leaf, Authority, now);

    private static X509Certificate2Collection Trust(IDictionary<string, byte[]> data) =>
        WebhookCertificateSecret.Bundle(WebhookCertificateSecret.Text(data, WebhookCertificateSecret.TrustBundle));
}
