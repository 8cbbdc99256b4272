using k8s.Models;

namespace Todo.Operator.IntegrationTests.Smoke;

/// <summary>A minimal Deployment; its image is never pulled because no node runs pods.</summary>
internal static class SmokeDeployment
{
    public static V1Deployment Create(string name, string @namespace, int replicas = 1) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "registry.invalid/smoke:1" }] },
            },
        },
    };
}
