using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Delivery;
using Todo.Operator.IntegrationTests.Support;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// Redis TLS from cert-manager (<c>spec.redis.tls.issuerRef</c>) on a control plane with cert-manager's CRDs but no
/// cert-manager: the operator asks for a Certificate, Redis waits and the app says why, and once the Secret is written as
/// cert-manager writes it (by the test, standing in) Redis starts on it. The operator makes no CA of its own.
/// </summary>
public sealed class RedisCertificateTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "redis-cert")
{
    private const string App = "certified";

    private static readonly TimeSpan WaitForRetry = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Redis_waits_for_the_certificate_cert_manager_is_asked_for_and_starts_on_it()
    {
        await ThirdPartyCrds.EnsureCertManagerInstalledAsync(Cluster);
        await Space.StartOperatorAsync("operator-a", tune: null, Cancellation);

        await Samples.ApplyAsync(Cluster, Samples.Dev, Space.Name, App, Cancellation, yaml => yaml.Replace(
            "\n  redis:\n", "\n  redis:\n    tls:\n      enabled: true\n      issuerRef:\n        name: redis-ca\n        kind: ClusterIssuer\n", StringComparison.Ordinal));
        // A wait that may pass by itself: retried, reported in the conditions, Degraded only if it lasts.
        var waiting = await TodoApps.ReportedAsync(
            Space.Admin, Space.Name, App, "the status says the certificate is pending", app => Messages(app).Contains("RedisCertificatePending", StringComparison.Ordinal), Cancellation);
        Assert.Contains("Waiting for cert-manager to issue Certificate 'certified-redis-tls' (ClusterIssuer 'redis-ca')", Messages(waiting), StringComparison.Ordinal);
        Assert.Null(await StatefulSetAsync());

        var certificate = await Eventually.GetAsync(
            "the Certificate is asked for",
            token => NotFound.AsNullAsync(() => Space.Admin.CustomObjects.GetNamespacedCustomObjectAsync<V1Certificate>(
                "cert-manager.io", "v1", Space.Name, "certificates", $"{App}-redis-tls", token)),
            Cancellation);
        Assert.Equal($"{App}-redis-tls", certificate.Spec.SecretName);
        Assert.Equal(("redis-ca", "ClusterIssuer", "cert-manager.io"), (certificate.Spec.IssuerRef.Name, certificate.Spec.IssuerRef.Kind, certificate.Spec.IssuerRef.Group));
        Assert.Contains($"*.{App}-redis.{Space.Name}.svc", certificate.Spec.DnsNames);
        Assert.Equal(["digital signature", "key agreement", "server auth", "client auth"], certificate.Spec.Usages);
        Assert.Equal("todo-operator", certificate.Spec.SecretTemplate?.Labels?["app.kubernetes.io/managed-by"]);
        Assert.Contains(certificate.Metadata.OwnerReferences, owner => owner is { Kind: "TodoApp", Name: App, Controller: true });

        var now = DateTimeOffset.UtcNow;
        var authority = RedisCertificateAuthority.NextAuthority(null, "stand-in", now);
        var files = RedisCertificateAuthority.NextFiles(authority, null, [.. certificate.Spec.DnsNames], now);
        await Space.Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = certificate.Spec.SecretName, Labels = certificate.Spec.SecretTemplate?.Labels },
                Type = "kubernetes.io/tls",
                Data = files.Data(),
            },
            Space.Name,
            cancellationToken: Cancellation);

        var statefulSet = await Eventually.GetAsync("Redis starts on cert-manager's certificate", _ => StatefulSetAsync(), WaitForRetry, Cancellation);
        Assert.Equal(files.Version, statefulSet.Spec.Template.Metadata.Annotations["todo.gitops.dev/redis-tls-version"]);
        Assert.Contains(statefulSet.Spec.Template.Spec.Volumes, volume => volume.Secret?.SecretName == $"{App}-redis-tls");
        Assert.Null(await NotFound.AsNullAsync(() => Space.Admin.CoreV1.ReadNamespacedSecretAsync($"{App}-redis-ca", Space.Name, cancellationToken: Cancellation)));
    }

    private static string Messages(TodoApp app) => string.Join('\n', app.Status?.Conditions?.Select(condition => $"{condition.Reason}: {condition.Message}") ?? []);

    private Task<V1StatefulSet?> StatefulSetAsync() =>
        NotFound.AsNullAsync(() => Space.Admin.AppsV1.ReadNamespacedStatefulSetAsync($"{App}-redis", Space.Name, cancellationToken: Cancellation));
}
