using k8s;
using Todo.Operator.Runtime.Observability;

namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// The API server refusing an informer's list or watch for as long as it does: 403 Forbidden (the Role or binding that
/// granted it is gone, e.g. with its namespace) or 404 Not Found (the namespace or the API itself is gone). Nothing a retry
/// soon or a restart fixes, and no reason to hold back the other informers: it is logged once when it starts and once when
/// it ends, and counted in <c>informer_refused{resource,namespace}</c>, while the informer keeps retrying (at most every
/// 30 s) and serves what it cached before.
/// </summary>
internal sealed partial class InformerRefusal(InformerScope scope, ILogger logger)
{
    private readonly Prometheus.Gauge.Child gauge = RuntimeMetrics.RefusedInformers.WithLabels(scope.Type.ToString(), scope.Namespace ?? string.Empty);
    private bool refused;

    /// <summary>Why the API server refuses the request that failed with <paramref name="error"/>, or null for any other failure.</summary>
    public static string? ReasonOf(Exception error) =>
        error is KubernetesException { Status.Code: 403 or 404 } refusal
            ? $"{refusal.Status.Code}{(refusal.Status.Reason is { Length: > 0 } reason ? $" {reason}" : string.Empty)}: {refusal.Message}"
            : null;

    /// <summary>Notes a refusal; true when this one starts it.</summary>
    public bool Begin(string reason)
    {
        if (refused)
        {
            return false;
        }

        refused = true;
        gauge.Inc();
        LogRefused(scope, reason);
        return true;
    }

    /// <summary>The API server let the informer list or watch again.</summary>
    public void End()
    {
        if (refused)
        {
            refused = false;
            gauge.Dec();
            LogAllowedAgain(scope);
        }
    }

    /// <summary>The informer stopped (its API went away): it no longer counts.</summary>
    public void Stopped()
    {
        if (refused)
        {
            refused = false;
            gauge.Dec();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The API server refuses to list or watch {Scope} ({Reason}): its namespace or API is gone, or the operator may no longer read it there. "
            + "The other informers and the workers run on; this one serves what it cached and retries every 30 s")]
    private partial void LogRefused(InformerScope scope, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The API server lets the operator list and watch {Scope} again; relisting")]
    private partial void LogAllowedAgain(InformerScope scope);
}
