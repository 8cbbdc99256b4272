using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Todo.EndToEnd.Tests.Cluster;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>
/// The dev sample (config/samples/todoapp-dev.yaml) applied as a user would, under a name of its own in a namespace
/// of its own, read back the way a user or ArgoCD reads it. Disposing deletes the namespace and all in it.
/// </summary>
internal sealed partial class TestApp : IAsyncDisposable
{
    public const string Group = "todo.gitops.dev";
    public const string Version = "v1beta1";
    public const string Plural = "todoapps";

    private readonly NodeCluster cluster;

    /// <summary>Whether this app made its namespace, and so deletes it when disposed.</summary>
    private readonly bool ownsNamespace;

    private TestApp(NodeCluster cluster, string name, string? ns = null)
    {
        this.cluster = cluster;
        Name = name;
        Namespace = ns ?? name;
        ownsNamespace = ns is null;
    }

    public string Name { get; }

    public string Namespace { get; }

    private IKubernetes Client => cluster.Client;

    /// <summary>
    /// The dev sample, with at least <paramref name="apiReplicas"/> API replicas (the autoscaler's minimum) and
    /// <paramref name="redisFields"/> (YAML lines indented for spec.redis) added to its Redis.
    /// </summary>
    public static async Task<TestApp> ApplySampleAsync(
        NodeCluster cluster, string prefix, CancellationToken cancellationToken, int apiReplicas = 1, string redisFields = "")
    {
        var app = new TestApp(cluster, $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 7)]);
        await cluster.Client.CoreV1.CreateNamespaceAsync(
            new V1Namespace
            {
                Metadata = new V1ObjectMeta
                {
                    Name = app.Namespace,
                    Labels = new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted" },
                },
            },
            cancellationToken: cancellationToken);
        await app.ApplyAsync(
            sample => SampleMinReplicas().Replace(sample, $"minReplicas: {apiReplicas.ToString(CultureInfo.InvariantCulture)}")
                .Replace("\n  redis:\n", $"\n  redis:\n{redisFields}", StringComparison.Ordinal),
            cancellationToken);
        return app;
    }

    /// <summary>
    /// The same sample as a second app, <paramref name="name"/>, in this app's namespace, its Redis started from the
    /// TodoAppBackup <paramref name="fromBackup"/> of that namespace. Its namespace goes with this app's.
    /// </summary>
    public async Task<TestApp> ApplyRestoredAsync(string name, string fromBackup, CancellationToken cancellationToken)
    {
        var restored = new TestApp(cluster, name, Namespace);
        await restored.ApplyAsync(sample => sample.Replace("\n  redis:\n", $"\n  redis:\n    restore:\n      fromBackup: {fromBackup}\n", StringComparison.Ordinal), cancellationToken);
        return restored;
    }

    private async Task ApplyAsync(Func<string, string> edit, CancellationToken cancellationToken)
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "config", "samples", "todoapp-dev.yaml"), cancellationToken);
        var manifest = Path.Combine(Path.GetTempPath(), $"{Namespace}-{Name}.yaml");
        await File.WriteAllTextAsync(
            manifest,
            edit(SampleMetadata().Replace(sample, match => $"{match.Groups[1].Value}: {(match.Groups[1].Value == "name" ? Name : Namespace)}")),
            cancellationToken);
        try
        {
            await cluster.Scripts.KubectlAsync(cancellationToken, "apply", "-f", manifest);
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    public Task<JsonElement> GetAsync(CancellationToken cancellationToken) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(Group, Version, Namespace, Plural, Name, cancellationToken);

    public Task PatchSpecAsync(object spec, CancellationToken cancellationToken) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(KubernetesJson.Serialize(new { spec }), V1Patch.PatchType.MergePatch), Group, Version, Namespace, Plural, Name, cancellationToken: cancellationToken);

    public Task DeleteAsync(CancellationToken cancellationToken) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, Namespace, Plural, Name, cancellationToken: cancellationToken);

    /// <summary>The TodoApp once the operator reported on its current generation and <paramref name="expected"/> holds.</summary>
    /// <remarks>A time-out says what was reported last and how the app's pods stood: CI shows no more than the message.</remarks>
    public async Task<JsonElement> ReportedAsync(string what, TimeSpan timeout, Func<JsonElement, bool> expected, CancellationToken cancellationToken)
    {
        JsonElement? last = null;
        try
        {
            return (JsonElement)await Eventually.GetAsync<object>(
                $"TodoApp {Namespace}/{Name}: {what}",
                timeout,
                async token =>
                {
                    var app = await GetAsync(token);
                    last = app;
                    return ObservedGeneration(app) == app.GetProperty("metadata").GetProperty("generation").GetInt64() && expected(app) ? app : null;
                },
                cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}. Last reported: {(last is { } app ? ReportSummary.Of(app) : "nothing")}. {await PodsSummaryAsync()}", e);
        }
    }

    /// <summary>The pods of the app's namespace and what ails them; a failure to list them does not replace the time-out's message.</summary>
    private async Task<string> PodsSummaryAsync()
    {
        try
        {
            var pods = (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items;
            return $"Pods: {ReportSummary.Of(pods)}. Troubled containers: {await PodTroubles.DescribeAsync(Client, pods)}";
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            return $"Pods not listed: {e.Message}";
        }
    }

    public Task<JsonElement> ReadyAsync(CancellationToken cancellationToken) =>
        ReportedAsync("Ready=True for its current generation", TimeSpan.FromMinutes(3), app => ConditionStatus(app, "Ready") == "True", cancellationToken);

    public static long? ObservedGeneration(JsonElement app) =>
        app.TryGetProperty("status", out var status) && status.TryGetProperty("observedGeneration", out var generation) ? generation.GetInt64() : null;

    public static string? ConditionStatus(JsonElement app, string type) =>
        app.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
            ? conditions.EnumerateArray().Where(c => c.GetProperty("type").GetString() == type).Select(c => c.GetProperty("status").GetString()).FirstOrDefault()
            : null;

    /// <summary>Ready, and status.redis counts <paramref name="replicas"/> replicas in sync.</summary>
    public static bool ReadyWithReplicasInSync(JsonElement app, int replicas) =>
        ConditionStatus(app, "Ready") == "True" && RedisStatus(app, "replicasInSync")?.GetInt32() == replicas;

    /// <summary>A field of status.redis as the operator reported it, or null.</summary>
    public static JsonElement? RedisStatus(JsonElement app, string field) =>
        app.TryGetProperty("status", out var status) && status.TryGetProperty("redis", out var redis) && redis.ValueKind == JsonValueKind.Object
        && redis.TryGetProperty(field, out var value)
            ? value
            : null;

    /// <summary>The app's pods of one component (api or redis), as the operator labels them.</summary>
    public async Task<IList<V1Pod>> PodsAsync(string component, CancellationToken cancellationToken) =>
        (await Client.CoreV1.ListNamespacedPodAsync(
            Namespace, labelSelector: $"app.kubernetes.io/instance={Name},app.kubernetes.io/component={component}", cancellationToken: cancellationToken)).Items;

    public static bool IsReady(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>
    /// The API's Service: its cluster IP (reached from the machine through kube-proxy's rules) and the name to send as
    /// Host: behind an Ingress the API answers /todos only under the hosts the operator names to it.
    /// </summary>
    public async Task<(Uri Address, string Host)> ServiceAsync(CancellationToken cancellationToken)
    {
        var service = await Client.CoreV1.ReadNamespacedServiceAsync($"{Name}-api", Namespace, cancellationToken: cancellationToken);
        return (new Uri($"http://{service.Spec.ClusterIP}:{service.Spec.Ports[0].Port}/"), $"{Name}-api.{Namespace}.svc");
    }

    /// <summary>
    /// Users of the app (<see cref="RequestLoop"/>) through its Service, each sending <paramref name="send"/> (by default
    /// GET /todos), served for three seconds before this returns: a fault that follows meets a steady stream.
    /// </summary>
    public async Task<RequestLoop> StartUsersAsync(
        int users, CancellationToken cancellationToken, Func<HttpClient, RequestId, CancellationToken, Task<HttpResponseMessage>>? send = null)
    {
        var (address, host) = await ServiceAsync(cancellationToken);
        var loop = RequestLoop.Start(address, host, users, send ?? ((http, _, token) => http.GetAsync("todos", token)));
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        return loop;
    }

    /// <summary>An HTTP client for the API through its Service (<see cref="ServiceAsync"/>).</summary>
    public async Task<HttpClient> ServiceClientAsync(CancellationToken cancellationToken)
    {
        var (address, host) = await ServiceAsync(cancellationToken);
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Host = host;
        return client;
    }

    /// <summary>The todos' titles, once the API lists them through the Service.</summary>
    public async Task<string[]> StoredTitlesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var api = await ServiceClientAsync(cancellationToken);
        return await Eventually.GetAsync("the todos through the API", timeout, token => TitlesAsync(api, token), cancellationToken);
    }

    /// <summary>The todos' titles the API lists, or null while it does not answer 200.</summary>
    public static async Task<string[]?> TitlesAsync(HttpClient api, CancellationToken cancellationToken)
    {
        using var response = await api.GetAsync("todos", cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).EnumerateArray().Select(t => t.GetProperty("title").GetString()!).ToArray()
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster.SkipReason is null && ownsNamespace)
        {
            await Client.CoreV1.DeleteNamespaceAsync(Namespace, cancellationToken: CancellationToken.None);
        }
    }

    [GeneratedRegex(@"(?<=^\s+)(name|namespace): todo-dev$", RegexOptions.Multiline)]
    private static partial Regex SampleMetadata();

    [GeneratedRegex(@"minReplicas: \d+")]
    private static partial Regex SampleMinReplicas();
}
