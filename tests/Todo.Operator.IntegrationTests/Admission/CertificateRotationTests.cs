using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Operator;

namespace Todo.Operator.IntegrationTests.Admission;

/// <summary>
/// The operator's own certificates, short-lived: two replicas renew the serving certificate and the CA several times while
/// the API server sends them admission requests, and at no moment does a replica serve a certificate the published
/// caBundle does not vouch for; no request fails, and a CA leaves the caBundle once it has expired.
/// </summary>
[Collection(AdmissionWebhookTests.Name)]
public sealed class CertificateRotationTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "rotation")
{
    private static readonly TimeSpan CertificateLifetime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Observed = TimeSpan.FromSeconds(50);

    [Fact]
    public async Task Certificates_and_cas_are_renewed_before_they_expire_without_a_failed_admission()
    {
        var (_, leader) = await StartAsync("operator-a");
        var (_, standby) = await StartAsync("operator-b");
        await using var webhook = await TestWebhookConfiguration.InstallAsync(Space.Admin, leader.Settings.Webhook!.Port, Space.Name, Cancellation);
        await Eventually.UntilAsync("the webhook answers", token => Admissions.WebhookRefusesAsync(Space.Admin, Space.Name, token), Cancellation);
        var firstAuthorities = Thumbprints(await webhook.CaBundleAsync(Cancellation));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        stop.CancelAfter(Observed);
        var failures = new ConcurrentQueue<string>();
        var traffic = SendAdmissionsAsync(failures, stop.Token);
        var served = new HashSet<string>();
        var published = new HashSet<string>();
        while (!stop.IsCancellationRequested)
        {
            foreach (var replica in new[] { leader, standby })
            {
                // The certificate first, then the caBundle: a CA is published before any replica can serve a certificate it signed.
                using var certificate = await ServedCertificateAsync(replica.Settings.Webhook!.Port);
                var bundle = await webhook.CaBundleAsync(Cancellation);
                published.UnionWith(Thumbprints(bundle));
                served.Add(certificate.Thumbprint);
                if (!IsTrusted(certificate, bundle))
                {
                    failures.Enqueue($"{replica.Settings.Instance} served {certificate.Subject} (valid {certificate.NotBefore:O} to {certificate.NotAfter:O}), which the caBundle does not vouch for");
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        }

        var requests = await traffic;

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures));
        Assert.True(requests >= 100, $"only {requests} admission requests were sent");
        // 50 s of 15 s certificates renewed at 10 s, and 30 s CAs renewed at 20 s.
        Assert.True(served.Count >= 4, $"{served.Count} certificates were served");
        Assert.True(published.Count >= 3, $"{published.Count} CAs were published");
        // Expired CAs have left the caBundle: the first ones published are gone, and what is left is valid.
        var final = await webhook.CaBundleAsync(Cancellation);
        Assert.NotEmpty(firstAuthorities.Except(Thumbprints(final)));
        Assert.All(Bundle(final), authority => Assert.True(authority.NotAfter > DateTime.Now, $"the expired CA {authority.Subject} is still published"));
    }

    /// <summary>Valid and invalid TodoApps (server-side dry runs) until stopped; each answer that is not the expected one is a failure.</summary>
    private async Task<int> SendAdmissionsAsync(ConcurrentQueue<string> failures, CancellationToken stop)
    {
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            var valid = sent % 2 == 0;
            var (status, message) = await Admissions.DryRunCreateAsync(Space.Admin, Space.Name, Admissions.App($"app-{sent}", valid), CancellationToken.None);
            var expected = valid ? status is HttpStatusCode.Created : status is HttpStatusCode.UnprocessableEntity && message.Contains("denied the request", StringComparison.Ordinal);
            if (!expected)
            {
                failures.Enqueue($"{DateTimeOffset.UtcNow:O} admission {sent}: {(int)status} {message}");
            }

            sent++;
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        return sent;
    }

    private Task<(ServiceAccountIdentity Identity, OperatorProcess Process)> StartAsync(string instance) =>
        Space.StartOperatorAsync(
            instance,
            settings => settings with
            {
                Lease = LeaseTimings.Short,
                Webhook = new WebhookSettings(OperatorProcess.FreePort())
                {
                    CertificateLifetime = CertificateLifetime,
                    AuthorityLifetime = AuthorityLifetime,
                    CheckInterval = TimeSpan.FromSeconds(2),
                },
            },
            Cancellation);

    private static async Task<X509Certificate2> ServedCertificateAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, Cancellation);
        X509Certificate2? served = null;
        // Whatever is presented is judged afterwards, against the caBundle read after the handshake (IsTrusted).
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return served is not null;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" }, Cancellation);
        return served!;
    }

    /// <summary>As the API server checks it: a chain to a CA of the caBundle, valid now, for 127.0.0.1.</summary>
    private static bool IsTrusted(X509Certificate2 certificate, byte[]? caBundle)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Bundle(caBundle));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) && certificate.MatchesHostname("127.0.0.1");
    }

    private static X509Certificate2Collection Bundle(byte[]? pem)
    {
        var bundle = new X509Certificate2Collection();
        if (pem is { Length: > 0 })
        {
            bundle.ImportFromPem(Encoding.UTF8.GetString(pem));
        }

        return bundle;
    }

    private static HashSet<string> Thumbprints(byte[]? pem) => [.. Bundle(pem).Select(certificate => certificate.Thumbprint)];
}
