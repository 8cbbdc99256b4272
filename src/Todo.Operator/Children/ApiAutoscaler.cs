using k8s;
using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>
/// The HorizontalPodAutoscaler of the API Deployment, on CPU. Built on the autoscaling/v2 model and sent
/// as whichever version the cluster serves: v2beta2 (Kubernetes 1.20-1.22) has the same fields for this use.
/// </summary>
internal sealed class ApiAutoscaler : IChildResource
{
    public string Name => "HorizontalPodAutoscaler";

    public ResourceType Type(ClusterCapabilities capabilities) =>
        ChildTypes.HorizontalPodAutoscaler(capabilities);

    public string ObjectName(TodoApp app) => ChildNames.Api(app);

    public bool IsWanted(TodoApp app) => app.Spec.Autoscaling.Enabled;

    public IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context)
    {
        var autoscaling = app.Spec.Autoscaling;
        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = Type(context.Capabilities).ApiVersion,
            Kind = "HorizontalPodAutoscaler",
            Metadata = ChildMetadata.For(app, ObjectName(app), AppLabels.ApiComponent),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference
                {
                    ApiVersion = "apps/v1",
                    Kind = "Deployment",
                    Name = ChildNames.Api(app),
                },
                MinReplicas = autoscaling.MinReplicas,
                MaxReplicas = autoscaling.MaxReplicas,
                Metrics =
                [
                    new V2MetricSpec
                    {
                        Type = "Resource",
                        Resource = new V2ResourceMetricSource
                        {
                            Name = "cpu",
                            Target = new V2MetricTarget
                            {
                                Type = "Utilization",
                                AverageUtilization = autoscaling.TargetCpuUtilizationPercentage,
                            },
                        },
                    },
                ],
            },
        };
    }

    public ChildReadiness Readiness(IKubernetesObject<V1ObjectMeta> observed) => ChildReadiness.Ready;
}
