using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Delivery;
using Todo.Operator.IntegrationTests.Operator;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Admission;

/// <summary>
/// With config/components/cert-manager: the Certificate and Issuer are what cert-manager's CRDs take, and the operator
/// serves the Secret cert-manager writes, a renewed one too, without ever writing the Secret or a caBundle itself.
/// cert-manager's controllers do not run here: the test writes the Secret as cert-manager does (tls.crt, tls.key, ca.crt)
/// and the caBundle as its CA injector does.
/// </summary>
[Collection(AdmissionWebhookTests.Name)]
public sealed class CertManagerTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "cert-manager")
{
    private const string SecretName = "todo-operator-webhook-tls";
    private const string TestManager = "cert-manager-stand-in";

    [Fact]
    public async Task The_component_is_accepted_by_the_api_server_with_every_field_and_hands_the_certificate_to_cert_manager()
    {
        await ThirdPartyCrds.EnsureCertManagerInstalledAsync(Cluster);
        var objects = await RenderWithComponentAsync(["config", "default"], ["config", "components", "cert-manager"]);
        await DryRun.EnsureNamespacesAsync(Cluster, objects, Cancellation);

        foreach (var obj in objects.Where(obj => obj["kind"]!.GetValue<string>() is "Certificate" or "Issuer" or "ValidatingWebhookConfiguration"))
        {
            Assert.Empty(DryRun.LostFields(obj, await DryRun.ApplyAsync(Cluster, obj, Cancellation)));
        }

        var certificate = objects.Single(obj => obj["kind"]!.GetValue<string>() == "Certificate");
        var configuration = objects.Single(obj => obj["kind"]!.GetValue<string>() == "ValidatingWebhookConfiguration");
        var service = configuration["webhooks"]![0]!["clientConfig"]!["service"]!;
        Assert.Equal(SecretName, certificate["spec"]!["secretName"]!.GetValue<string>());
        Assert.Contains($"{service["name"]}.{service["namespace"]}.svc", certificate["spec"]!["dnsNames"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal(
            $"{certificate["metadata"]!["namespace"]}/{certificate["metadata"]!["name"]}",
            configuration["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]!.GetValue<string>());
        var environment = objects.Single(obj => obj["kind"]!.GetValue<string>() == "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Contains(environment, variable => variable!["name"]!.GetValue<string>() == "Operator__Webhook__CertificateIssuer" && variable["value"]!.GetValue<string>() == "CertManager");

        // The TodoApp CRD's conversion webhook, from the same Certificate (the TodoAppBackup CRD has one version, no webhook).
        var crds = await RenderWithComponentAsync(["config", "crd"], ["config", "components", "cert-manager-crd"]);
        var crd = Assert.Single(crds, obj => obj["metadata"]!["name"]!.GetValue<string>() == "todoapps.todo.gitops.dev");
        Assert.Null(Assert.Single(crds, obj => obj["metadata"]!["name"]!.GetValue<string>() == "todoappbackups.todo.gitops.dev")["metadata"]!["annotations"]);
        Assert.Equal(
            configuration["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]!.GetValue<string>(),
            crd["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_operator_serves_what_cert_manager_writes_and_writes_neither_the_secret_nor_the_ca_bundle()
    {
        var first = SelfSigned();
        await WriteSecretAsync(first);
        var port = OperatorProcess.FreePort();
        await Space.StartOperatorAsync(
            "operator",
            settings => settings with { Webhook = new WebhookSettings(port) { CertificateIssuer = "CertManager", CheckInterval = TimeSpan.FromSeconds(2) } },
            Cancellation);
        await using var webhook = await TestWebhookConfiguration.InstallAsync(Space.Admin, port, Space.Name, Cancellation);
        await InjectCaAsync(webhook, first);
        await Eventually.UntilAsync("the webhook answers with cert-manager's certificate", token => Admissions.WebhookRefusesAsync(Space.Admin, Space.Name, token), Cancellation);

        // cert-manager renews: a new key and certificate in the Secret, the CA injector follows.
        var renewed = SelfSigned();
        await InjectCaAsync(webhook, renewed, first);
        await WriteSecretAsync(renewed);
        await Eventually.UntilAsync(
            "the operator serves the renewed certificate",
            async token => await ServedThumbprintAsync(port, token) == renewed.Thumbprint,
            Cancellation);

        Assert.True(await Admissions.WebhookRefusesAsync(Space.Admin, Space.Name, Cancellation));
        var secret = await Space.Admin.CoreV1.ReadNamespacedSecretAsync(SecretName, Space.Name, cancellationToken: Cancellation);
        Assert.Equal([TestManager], secret.Metadata.ManagedFields.Select(entry => entry.Manager).Distinct());
        Assert.Equal(Pem(renewed) + Pem(first), Encoding.UTF8.GetString((await webhook.CaBundleAsync(Cancellation))!));
    }

    private async Task<IReadOnlyList<JsonObject>> RenderWithComponentAsync(string[] resource, string[] component)
    {
        var overlay = Directory.CreateTempSubdirectory("todo-cert-manager-").FullName;
        try
        {
            string Relative(params string[] path) => Path.GetRelativePath(overlay, Path.Combine([RepositoryRoot.Path, .. path]));
            var policy = ServedApiVersions.For(Cluster.ServerVersion).Policy == "v1" ? string.Empty : $", {Relative("config", "components", "policy-v1beta1")}";
            await File.WriteAllTextAsync(Path.Combine(overlay, "kustomization.yaml"), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [{Relative(resource)}]
                components: [{Relative(component)}{(resource[^1] == "default" ? policy : string.Empty)}]
                """, Cancellation);
            var yaml = await Kubectl.RunAsync(Cluster.AdminKubeconfigPath, ["kustomize", overlay], Cancellation);
            var rendered = Path.Combine(overlay, "rendered.yaml");
            await File.WriteAllTextAsync(rendered, yaml, Cancellation);
            return await Kustomizations.ParseStreamAsync(
                await Kubectl.RunAsync(Cluster.AdminKubeconfigPath, ["create", "--dry-run=client", "--validate=false", "-o", "json", "-f", rendered], Cancellation),
                Cancellation);
        }
        finally
        {
            Directory.Delete(overlay, recursive: true);
        }
    }

    /// <summary>What cert-manager's selfSigned issuer makes: a certificate signed by its own key, which is its own CA.</summary>
    private static X509Certificate2 SelfSigned()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=todo-operator-webhook", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("todo-operator-webhook.todo-operator-system.svc");
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
    }

    private async Task WriteSecretAsync(X509Certificate2 certificate)
    {
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = SecretName, NamespaceProperty = Space.Name },
            Type = "kubernetes.io/tls",
            StringData = new Dictionary<string, string>
            {
                ["tls.crt"] = Pem(certificate),
                ["tls.key"] = certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n",
                ["ca.crt"] = Pem(certificate),
            },
        };
        await Space.Admin.CoreV1.PatchNamespacedSecretAsync(
            TestJson.Patch(secret, V1Patch.PatchType.ApplyPatch), SecretName, Space.Name, fieldManager: TestManager, force: true, cancellationToken: Cancellation);
    }

    private async Task InjectCaAsync(TestWebhookConfiguration webhook, params X509Certificate2[] authorities)
    {
        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Concat(authorities.Select(Pem))));
        await Space.Admin.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(
            new V1Patch($$"""[{"op":"add","path":"/webhooks/0/clientConfig/caBundle","value":"{{bundle}}"}]""", V1Patch.PatchType.JsonPatch),
            webhook.Name,
            cancellationToken: Cancellation);
    }

    private static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    private static async Task<string?> ServedThumbprintAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        string? served = null;
        // Only which certificate is presented matters here; the API server's verdict is WebhookRefusesAsync's.
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            served = certificate?.GetCertHashString();
            return served is not null;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" }, cancellationToken);
        return served;
    }
}
