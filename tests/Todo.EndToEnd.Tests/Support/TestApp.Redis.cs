using System.Globalization;
using k8s.Models;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>The app's Redis pods and Sentinels, asked with redis-cli through kubectl exec, as an operator on call would.</summary>
internal sealed partial class TestApp
{
    /// <summary>The name the Sentinels monitor the primary by.</summary>
    public string PrimaryName => $"{Name}-redis";

    /// <summary>Every pod of <paramref name="statefulSet"/> exists, runs its latest spec and is ready, whatever its update strategy.</summary>
    public static bool RolledOut(V1StatefulSet statefulSet) =>
        statefulSet.Status is { } status && status.ObservedGeneration == statefulSet.Metadata.Generation
        && status.Replicas == statefulSet.Spec.Replicas && status.UpdatedReplicas == statefulSet.Spec.Replicas && status.ReadyReplicas == statefulSet.Spec.Replicas;

    /// <summary>
    /// redis-cli's output for a command in a container of one of the app's pods, or null when it failed; as the
    /// <c>sentinel</c> user, whose password the data pods' and the Sentinels' REDISCLI_AUTH holds, and over TLS with the
    /// files the pod mounts where the app uses TLS.
    /// </summary>
    public async Task<string?> RedisCliAsync(string pod, string container, CancellationToken cancellationToken, params string[] command)
    {
        var (succeeded, output) = await PlainRedisCliAsync(
            pod,
            container,
            cancellationToken,
            ["-c", $"if [ -d {TlsFolder} ]; then set -- --tls --cacert {TlsFolder}/ca.crt --cert {TlsFolder}/tls.crt --key {TlsFolder}/tls.key \"$@\"; fi; "
                + "exec redis-cli --user sentinel \"$@\"", "redis-cli", .. command]);
        return succeeded ? output : null;
    }

    /// <summary>
    /// <c>sh</c> with <paramref name="arguments"/> in a container of one of the app's pods, its password in REDISCLI_AUTH and no
    /// TLS option added: what a client that lacks the app's files gets.
    /// </summary>
    public async Task<(bool Succeeded, string Output)> PlainRedisCliAsync(string pod, string container, CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await cluster.Scripts.RunAsync(
            "kubectl", ["--kubeconfig", cluster.Scripts.Kubeconfig, "exec", "-n", Namespace, pod, "-c", container, "--", "sh", .. arguments], cancellationToken);
        return (result.Succeeded, result.StandardOutput + result.StandardError);
    }

    /// <summary>Where the pods of an app with spec.redis.tls mount its CA and certificate.</summary>
    public const string TlsFolder = "/etc/redis-tls";

    /// <summary>A Sentinel's answer to <c>SENTINEL</c> <paramref name="command"/>, or null when it failed.</summary>
    public Task<string?> SentinelAsync(string pod, CancellationToken cancellationToken, params string[] command) =>
        RedisCliAsync(pod, "sentinel", cancellationToken, ["-p", "26379", "--raw", "sentinel", .. command]);

    /// <summary>
    /// The highest configuration epoch the Sentinels hold for the primary: each failover that completes raises it by one, so
    /// the difference over a time is the number of failovers in it.
    /// </summary>
    public async Task<int> FailoverEpochAsync(CancellationToken cancellationToken)
    {
        var epochs = new List<int>();
        foreach (var sentinel in await PodsAsync("redis-sentinel", cancellationToken))
        {
            var fields = (await SentinelAsync(sentinel.Metadata.Name, cancellationToken, "master", PrimaryName) ?? "").Split('\n').Select(line => line.Trim()).ToList();
            if (fields.IndexOf("config-epoch") is var i and >= 0 && i + 1 < fields.Count)
            {
                epochs.Add(int.Parse(fields[i + 1], CultureInfo.InvariantCulture));
            }
        }

        return epochs.Count > 0 ? epochs.Max() : throw new InvalidOperationException($"No Sentinel of {Name} gave its configuration epoch.");
    }
}
