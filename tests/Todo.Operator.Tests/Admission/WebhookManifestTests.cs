using k8s.Models;
using Todo.Operator.Admission;
using Todo.Operator.Crd;
using Todo.Operator.Generation;
using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.Tests.Admission;

/// <summary>
/// config/webhook, config/manager and the cert-manager component name what the operator serves and keeps current: the
/// configuration it patches, the path it answers, the Service and port its certificate is for, the Secret it reads.
/// </summary>
public sealed class WebhookManifestTests
{
    private static readonly WebhookOptions Defaults = new();

    private static string Config(params string[] path) => Path.Combine([RepositoryRoot.Path, "config", .. path]);

    [Fact]
    public void The_validating_webhook_sends_todoapps_to_the_operators_service_and_path()
    {
        var configuration = KubernetesObjectYaml.Deserialize<V1ValidatingWebhookConfiguration>(File.ReadAllText(Config("webhook", "validating_webhook.yaml")));

        Assert.Equal(Defaults.ValidatingWebhookConfiguration, configuration.Metadata.Name);
        var webhook = Assert.Single(configuration.Webhooks);
        var service = webhook.ClientConfig.Service;
        Assert.Equal((Defaults.ServiceName, WebhookRbacGenerator.OperatorNamespace, TodoAppValidator.Path), (service.Name, service.NamespaceProperty, service.Path));
        Assert.Null(webhook.ClientConfig.CaBundle);
        var rule = Assert.Single(webhook.Rules);
        Assert.Equal([TodoApp.Group], rule.ApiGroups);
        Assert.Equal([TodoApp.Version], rule.ApiVersions);
        Assert.Equal([TodoApp.Plural], rule.Resources);
        // Create and update only: deleting a TodoApp never waits for the operator.
        Assert.Equal(["CREATE", "UPDATE"], rule.Operations);
        Assert.Equal(("Fail", "None", "Equivalent"), (webhook.FailurePolicy, webhook.SideEffects, webhook.MatchPolicy));
        Assert.InRange(webhook.TimeoutSeconds ?? 10, 1, 10);
    }

    [Fact]
    public void The_service_reaches_the_webhook_port_of_every_operator_pod_ready_or_not()
    {
        var service = KubernetesObjectYaml.Deserialize<V1Service>(File.ReadAllText(Config("webhook", "service.yaml")));
        var deployment = KubernetesObjectYaml.Deserialize<V1Deployment>(File.ReadAllText(Config("manager", "manager.yaml")));

        Assert.Equal((Defaults.ServiceName, WebhookRbacGenerator.OperatorNamespace), (service.Metadata.Name, service.Metadata.NamespaceProperty));
        Assert.True(service.Spec.PublishNotReadyAddresses);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, service.Spec.Selector);
        var port = Assert.Single(deployment.Spec.Template.Spec.Containers.Single().Ports, port => port.Name == Assert.Single(service.Spec.Ports).TargetPort.Value);
        Assert.Equal(Defaults.Port, port.ContainerPort);
    }

    [Fact]
    public void The_cert_manager_certificate_is_for_the_service_and_written_where_the_operator_reads()
    {
        var certificate = Assert.Single(
            KubernetesObjectYaml.LoadAll(File.ReadAllText(Config("components", "cert-manager", "certificate.yaml"), System.Text.Encoding.UTF8)),
            document => document is { ApiVersion: "cert-manager.io/v1", Kind: "Certificate" }).Json;
        var metadata = certificate["metadata"]!;
        var spec = certificate["spec"]!;

        Assert.Equal(Defaults.SecretName, (string?)spec["secretName"]);
        Assert.Equal(WebhookRbacGenerator.OperatorNamespace, (string?)metadata["namespace"]);
        Assert.Contains($"{Defaults.ServiceName}.{WebhookRbacGenerator.OperatorNamespace}.svc", spec["dnsNames"]!.AsArray().Select(name => (string?)name));
        Assert.Contains(
            $"cert-manager.io/inject-ca-from: {(string?)metadata["namespace"]}/{(string?)metadata["name"]}",
            File.ReadAllText(Config("components", "cert-manager", "kustomization.yaml")),
            StringComparison.Ordinal);
    }
}
