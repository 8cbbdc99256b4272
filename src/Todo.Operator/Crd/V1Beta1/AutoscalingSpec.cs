using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd.V1Beta1;

/// <summary>CPU-based horizontal autoscaling of the API, on because it is there; the defaults suit a dev environment.</summary>
[Description("CPU-based horizontal autoscaling of the API: a HorizontalPodAutoscaler scales it while this is set.")]
internal sealed class AutoscalingSpec
{
    [JsonPropertyName("minReplicas")]
    [Range(1, 100)]
    [Description("The lowest number of API replicas. 2 or more also creates a PodDisruptionBudget.")]
    public int MinReplicas { get; set; } = 1;

    [JsonPropertyName("maxReplicas")]
    [Range(1, 100)]
    [Description("The highest number of API replicas; must not be below minReplicas.")]
    public int MaxReplicas { get; set; } = 5;

    [JsonPropertyName("targetCPUUtilizationPercentage")]
    [Range(1, 100)]
    [Description("The average CPU utilisation, in percent of the CPU request, the autoscaler aims for.")]
    public int TargetCpuUtilizationPercentage { get; set; } = 80;
}
