using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Cluster;

/// <summary>
/// Whether the API server's calls to the operator's validating webhook succeed. A replica is available before every such
/// call can: the caBundle is published by the operator after its start, the router's kube-proxy adds the Service's rules
/// when it next syncs, and each replica's first admission compiles the validator's path (seconds on a loaded CI machine,
/// against a 10 s timeout). A test's first `kubectl apply` must not be the one that finds out (CI saw two of them
/// refused with "failed calling webhook" at the start of the scenarios).
/// </summary>
internal static class WebhookReadiness
{
    /// <summary>The Service balances over the replicas at random: this many in a row makes one never called unlikely.</summary>
    private const int AdmissionsInARow = 4;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Until a server-side dry run of the dev sample's TodoApp is admitted <see cref="AdmissionsInARow"/> times in a row.</summary>
    public static async Task WaitAdmittingAsync(Scripts scripts, CancellationToken cancellationToken)
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "config", "samples", "todoapp-dev.yaml"), cancellationToken);
        var inDefault = sample.Replace("\n  namespace: todo-dev\n", "\n  namespace: default\n", StringComparison.Ordinal);
        if (inDefault == sample)
        {
            throw new InvalidOperationException("config/samples/todoapp-dev.yaml no longer names the namespace todo-dev; WebhookReadiness needs updating.");
        }

        var admitted = 0;
        string? lastRefusal = null;
        try
        {
            await Eventually.UntilAsync(
                $"the operator's webhook admits a TodoApp {AdmissionsInARow} times in a row (kubectl create --dry-run=server)",
                Timeout,
                async token =>
                {
                    var result = await scripts.RunAsync("kubectl", ["--kubeconfig", scripts.Kubeconfig, "create", "--dry-run=server", "-o", "name", "-f", "-"], token, inDefault);
                    lastRefusal = result.Succeeded ? lastRefusal : result.StandardError.Trim();
                    admitted = result.Succeeded ? admitted + 1 : 0;
                    return admitted >= AdmissionsInARow;
                },
                cancellationToken);
        }
        catch (TimeoutException e) when (lastRefusal is not null)
        {
            throw new TimeoutException($"{e.Message} (last refusal: {lastRefusal})", e);
        }
    }
}
