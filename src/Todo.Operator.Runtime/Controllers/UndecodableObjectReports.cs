using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// Reports a primary object the client cannot decode, once per resourceVersion: a Warning Event on it and the app's
/// <see cref="IUndecodableObjectReporter{TEntity}"/>, if it registered one. Resyncs and relists report nothing twice.
/// </summary>
internal sealed class UndecodableObjectReports<TEntity>(IServiceScopeFactory scopes)
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The resourceVersion each quarantined object was reported at.</summary>
    private readonly ConcurrentDictionary<string, string> reported = new(StringComparer.Ordinal);

    /// <summary>Whether this version of the object has been reported already.</summary>
    public bool IsReported(string key, UndecodableObject undecodable) =>
        reported.TryGetValue(key, out var done) && done == Version(undecodable);

    /// <summary>Reports it; throws when the report fails, to be retried with backoff.</summary>
    public async Task ReportAsync(string key, UndecodableObject undecodable, CancellationToken cancellationToken)
    {
        var version = Version(undecodable);
        await using var scope = scopes.CreateAsyncScope();
        var message = $"The operator cannot read this {undecodable.Kind} (resourceVersion {version}): {undecodable.Reason}. "
            + "Until a version it can read is stored, it is not reconciled and its children are left as they are.";
        await scope.ServiceProvider.GetRequiredService<IEventRecorder>()
            .RecordAsync(undecodable, EventType.Warning, Controller<TEntity>.UndecodableReason, message, cancellationToken);
        if (scope.ServiceProvider.GetService<IUndecodableObjectReporter<TEntity>>() is { } reporter)
        {
            await reporter.ReportAsync(undecodable, cancellationToken);
        }

        reported[key] = version;
    }

    /// <summary>The object decodes again, or is gone: should it break later, that version is reported afresh.</summary>
    public void Forget(string key) => reported.TryRemove(key, out _);

    private static string Version(UndecodableObject undecodable) => undecodable.Metadata.ResourceVersion ?? string.Empty;
}
