using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Todo.Operator.Crd;

/// <summary>The observed state of a TodoApp.</summary>
[Description("The observed state of the TODO application, written by the operator.")]
internal sealed class TodoAppStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation the operator last reconciled.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Ready (the summary), Progressing and Degraded, following the Kubernetes API conventions.")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("replicas")]
    [Description("The number of API pods.")]
    public int? Replicas { get; set; }

    [JsonPropertyName("readyReplicas")]
    [Description("The number of API pods that are ready.")]
    public int? ReadyReplicas { get; set; }

    [JsonPropertyName("url")]
    [Description("The URL the application is reachable at through the Ingress.")]
    // Written as null when the Ingress goes away: status is sent as a merge patch, where only an explicit null removes a field.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Url { get; set; }

    [JsonPropertyName("failingSince")]
    [Description("When the operator began to fail to reach the spec (a step the API server refused, a Secret it waits for); "
        + "absent while it succeeds. A failure that lasts more than 5 minutes is reported as Degraded.")]
    // Written as null once the failure is over, for the same reason as url.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTime? FailingSince { get; set; }

    [JsonPropertyName("lastBackup")]
    [Description("The newest TodoAppBackup of this app that completed (scheduled or on demand): its name and when.")]
    public LastBackupStatus? LastBackup { get; set; }

    [JsonPropertyName("redis")]
    [Description("Sentinel mode only: the primary, the replicas and the last failover, as the Sentinels report them, and the nodes that hold more than one data pod or Sentinel.")]
    // Written as null when the app leaves Sentinel mode, for the same reason as url.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public RedisStatus? Redis { get; set; }

    [JsonPropertyName("labelSelector")]
    [Description("The label selector of the API pods, for the scale subresource.")]
    public string? LabelSelector { get; set; }
}
