using Todo.Operator.Runtime.Observability;
using Todo.Operator.Runtime.Queue;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// What the controller does with a <see cref="ReconciliationResult"/>: counts it under controller-runtime's metric names and
/// queues the key again, on the backoff, after the terminal-error delay, after the asked delay, or at the next resync.
/// </summary>
internal sealed partial class ReconcileOutcome(ControllerSettings settings, WorkQueue queue, ILogger logger)
{
    public void Apply(string key, ReconciliationResult result)
    {
        if (result.IsTerminal)
        {
            RuntimeMetrics.TerminalReconcileErrors.WithLabels(settings.Name).Inc();
            RuntimeMetrics.ReconcileErrors.WithLabels(settings.Name).Inc();
            RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "error").Inc();
            LogTerminal(result.Error, settings.Name, key, settings.TerminalErrorRetryDelay);
            queue.Forget(key);
            queue.AddAfter(key, settings.TerminalErrorRetryDelay);
        }
        else if (!result.IsSuccess)
        {
            RuntimeMetrics.ReconcileErrors.WithLabels(settings.Name).Inc();
            RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "error").Inc();
            LogFailed(result.Error, settings.Name, key, queue.NumRequeues(key) + 1);
            queue.AddRateLimited(key);
        }
        else if (result.RequeueAfter is { } delay)
        {
            RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "requeue_after").Inc();
            queue.Forget(key);
            queue.AddAfter(key, delay);
        }
        else
        {
            RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "success").Inc();
            queue.Forget(key);
            // The resync of each key, a period after its own reconcile: resyncs stay spread as the reconciles were, rather
            // than every key at once on one timer, which queued a real event behind a reconcile of every object.
            queue.AddAfter(key, settings.ResyncPeriod);
        }
    }

    /// <summary>The key's object is gone from the cache: nothing to do, which counts as a success.</summary>
    public void Gone(string key)
    {
        LogGone(settings.Name, key);
        queue.Forget(key);
        RuntimeMetrics.ReconcileTotal.WithLabels(settings.Name, "success").Inc();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Controller {Controller}: {Key} is gone from the cache; nothing to do")]
    private partial void LogGone(string controller, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller}: reconcile of {Key} failed terminally; retrying in {Delay} or when it changes")]
    private partial void LogTerminal(Exception exception, string controller, string key, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller}: reconcile of {Key} failed (attempt {Attempt}); retrying with backoff")]
    private partial void LogFailed(Exception exception, string controller, string key, int attempt);
}
