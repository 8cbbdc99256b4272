using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;

namespace Todo.Operator.Quarantine;

/// <summary>
/// Reports a TodoApp the operator cannot decode as it reports an invalid spec: <c>Degraded=True</c> (a person must act),
/// <c>Ready=False</c> and <c>Progressing=False</c>, all with reason <c>Undecodable</c> and the field at fault, for the
/// current generation, so ArgoCD shows the app Degraded. Written from the object's JSON, since the model cannot hold it.
/// A cluster that validates the whole object on status writes (Kubernetes before 1.30 for objects stored under an older,
/// looser CRD) refuses the write: then the Warning Event the runtime recorded is the report, and nothing is retried.
/// One being deleted also loses the operator's finalizer (<see cref="UndecodableAppDeletion"/>).
/// </summary>
internal sealed partial class UndecodableTodoAppReporter(
    IResourceClient client, IEventRecorder events, TimeProvider time, ILogger<UndecodableTodoAppReporter> logger)
    : IUndecodableObjectReporter<TodoApp>
{
    public const string Reason = "Undecodable";

    private static readonly ResourceType TodoApps = ResourceType.Of<TodoApp>();

    public async Task ReportAsync(UndecodableObject undecodable, CancellationToken cancellationToken)
    {
        var metadata = undecodable.Metadata;
        var status = Status(undecodable, time.GetUtcNow().UtcDateTime);
        try
        {
            await client.PatchStatusAsync<PartialObjectMetadata>(TodoApps, metadata.NamespaceProperty, metadata.Name, status, cancellationToken);
        }
        catch (KubernetesException e) when (e.Status?.Code is (int)HttpStatusCode.UnprocessableEntity)
        {
            LogStatusRefused(metadata.NamespaceProperty, metadata.Name, e.Status.Message);
        }

        if (UndecodableAppDeletion.IsHeldByUs(undecodable))
        {
            await UndecodableAppDeletion.ReleaseAsync(undecodable, client, events, logger, cancellationToken);
        }
    }

    /// <summary>The three conditions; one whose status stays the same keeps its lastTransitionTime.</summary>
    internal static UndecodableAppStatus Status(UndecodableObject undecodable, DateTime now)
    {
        var generation = undecodable.Metadata.Generation;
        var message = $"The operator cannot read this TodoApp: {undecodable.Reason}. Correct the field; until then nothing is changed in the cluster.";
        var previous = PreviousConditions(undecodable.Json);
        var transition = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        V1Condition Condition(string type, string conditionStatus, string text) => new()
        {
            Type = type,
            Status = conditionStatus,
            Reason = Reason,
            Message = text,
            ObservedGeneration = generation,
            LastTransitionTime = previous.FirstOrDefault(condition => condition.Type == type && condition.Status == conditionStatus)?.LastTransitionTime ?? transition,
        };

        return new UndecodableAppStatus(
            generation,
            [
                Condition(ConditionTypes.Ready, "False", message),
                Condition(ConditionTypes.Progressing, "False", "The operator waits for a version of the TodoApp it can read."),
                Condition(ConditionTypes.Degraded, "True", message),
            ]);
    }

    private static List<V1Condition> PreviousConditions(JsonElement json)
    {
        if (json.ValueKind is not JsonValueKind.Object
            || !json.TryGetProperty("status", out var status) || status.ValueKind is not JsonValueKind.Object
            || !status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind is not JsonValueKind.Array)
        {
            return [];
        }

        try
        {
            return ModelJson.Deserialize<List<V1Condition>>(conditions);
        }
        catch (JsonException)
        {
            // Conditions the operator did not write; all transitions start now.
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "TodoApp {Namespace}/{Name} cannot be decoded and the API server refuses its status ({Reason}); the Warning Event on it is the report")]
    private partial void LogStatusRefused(string @namespace, string name, string? reason);
}
