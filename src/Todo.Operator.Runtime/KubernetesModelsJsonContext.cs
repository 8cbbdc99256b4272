using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime;

/// <summary>
/// Generated metadata of the Kubernetes models the runtime and the operator read and write (and, through them, of every
/// model they contain), with KubernetesClient's settings: camelCase names, nulls left out, its date and duration formats
/// (resource quantities and int-or-strings carry their converters on the type). Only these: KubernetesClient's own
/// context holds every model, about 11 MB of the native executable. A kind used without being listed here (or registered
/// by an operator) fails at its first use, in every build alike.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(KubernetesJson.Iso8601TimeSpanConverter), typeof(KubernetesJson.KubernetesDateTimeConverter), typeof(KubernetesJson.KubernetesDateTimeOffsetConverter)])]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(V1APIGroupList))]
[JsonSerializable(typeof(V1APIResourceList))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1CustomResourceDefinition))]
[JsonSerializable(typeof(V1DeleteOptions))]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1Ingress))]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(V1NetworkPolicy))]
[JsonSerializable(typeof(V1ObjectMeta))]
[JsonSerializable(typeof(V1PersistentVolumeClaim))]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1PodDisruptionBudget))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(V1StatefulSet))]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1StorageClass))]
[JsonSerializable(typeof(V1ValidatingWebhookConfiguration))]
[JsonSerializable(typeof(V2HorizontalPodAutoscaler))]
[JsonSerializable(typeof(VersionInfo))]
internal sealed partial class KubernetesModelsJsonContext : JsonSerializerContext;
