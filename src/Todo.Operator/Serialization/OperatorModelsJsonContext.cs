using System.Text.Json.Serialization;
using k8s.Models;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Crd;
using Todo.Operator.Generation;
using Todo.Operator.Quarantine;
using Todo.Operator.Redis.Tls;
using Todo.Operator.TodoApi.Monitoring;

namespace Todo.Operator.Serialization;

/// <summary>
/// Serializer metadata generated at build time for the operator's own kinds and the values it sends of them, with
/// KubernetesClient's settings (its converters come from the options these are resolved through: <see cref="Runtime.ModelJson"/>).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TodoApp))]
[JsonSerializable(typeof(TodoAppSpec))]
[JsonSerializable(typeof(TodoAppStatus))]
[JsonSerializable(typeof(TodoAppBackup))]
[JsonSerializable(typeof(TodoAppBackupStatus))]
[JsonSerializable(typeof(V1ServiceMonitor))]
[JsonSerializable(typeof(V1Certificate))]
[JsonSerializable(typeof(NewAppChildren.TodoAppList))]
[JsonSerializable(typeof(List<V1Condition>))]
[JsonSerializable(typeof(UndecodableAppStatus))]
internal sealed partial class OperatorModelsJsonContext : JsonSerializerContext;
