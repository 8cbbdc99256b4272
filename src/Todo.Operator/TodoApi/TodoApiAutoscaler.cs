using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.TodoApi;

/// <summary>
/// The HorizontalPodAutoscaler of the API Deployment, on CPU. Built on the autoscaling/v2 model and sent
/// as whichever version the cluster serves: v2beta2 (Kubernetes 1.20-1.22) has the same fields for this use.
/// </summary>
internal sealed class TodoApiAutoscaler : ChildResource<V2HorizontalPodAutoscaler>
{
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(TodoApiDeployment))];

    /// <summary>autoscaling/v2 from Kubernetes 1.23, v2beta2 before.</summary>
    public override OwnedKind Kind { get; } = OwnedKind.Of<V2HorizontalPodAutoscaler>(["v2", "v2beta2"]);

    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    public override bool IsWanted(TodoApp app) => app.Spec.Autoscaling.Enabled;

    protected override V2HorizontalPodAutoscaler Build(TodoApp app, ChildContext context)
    {
        var autoscaling = app.Spec.Autoscaling;
        return new V2HorizontalPodAutoscaler
        {
            Metadata = Metadata(app, AppLabels.TodoApiComponent),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference
                {
                    ApiVersion = ResourceType.Of<V1Deployment>().ApiVersion,
                    Kind = ResourceType.Of<V1Deployment>().Kind,
                    Name = ChildNames.TodoApi(app),
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
}
