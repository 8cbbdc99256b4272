using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// One HTTP path for every group and version, over the connection (TLS, credentials) of the KubernetesClient
/// configuration. KubernetesClient's typed client has no methods for autoscaling/v2beta2, its custom-object calls
/// cannot address the core group, and it keeps every Kubernetes model's metadata in the native executable, so requests
/// are built from <see cref="ResourcePath"/>; bodies are written and read with <see cref="ModelJson"/>.
/// </summary>
internal sealed class ResourceClient(KubernetesConnection kubernetes, IOptions<OperatorOptions> options) : IResourceClient
{
    private const string ApplyPatch = "application/apply-patch+yaml";
    private const string MergePatch = "application/merge-patch+json";
    private const string JsonPatch = "application/json-patch+json";
    private const string Json = "application/json";

    private string FieldManager => options.Value.FieldManager;

    public Task<T?> GetAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        WithinRequestTimeoutAsync($"GET {type} {ns}/{name}", token => GetCoreAsync<T>(type, ns, name, token), cancellationToken);

    private async Task<T?> GetCoreAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        using var response = await SendAsync(HttpMethod.Get, ResourcePath.Item(type, ns, name), null, null, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadObjectAsync<T>(response, type, cancellationToken);
    }

    /// <summary>
    /// Items per page of a list. One answer is read whole before its items are decoded, into a buffer of the array pool that
    /// stays there: an unpaged list of every child of 1,000 apps (over 10 MB of JSON) left one that size, and pages of 500
    /// (client-go's size) left a restarted operator 37 to 59 MiB above one that had not restarted (bench/README.md).
    /// </summary>
    internal const int ListPageSize = 100;

    public async Task<ResourceList<T>> ListAsync<T>(ResourceType type, string? ns, string? labelSelector, string? fieldSelector, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return await ListPagesAsync<T>(type, ns, labelSelector, fieldSelector, ListPageSize, cancellationToken);
        }
        catch (ResourceExpiredException)
        {
            // The snapshot the pages come from was compacted before the last page was read (only a continue token
            // expires, a first page has none): one unpaged list, as client-go's pager falls back to.
            return await ListPagesAsync<T>(type, ns, labelSelector, fieldSelector, limit: null, cancellationToken);
        }
    }

    /// <summary>The pages of one list, each a request of its own within the request timeout, all of one snapshot.</summary>
    private async Task<ResourceList<T>> ListPagesAsync<T>(
        ResourceType type, string? ns, string? labelSelector, string? fieldSelector, int? limit, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var list = new ListPages<T>();
        do
        {
            var query = new KeyValuePair<string, string?>[]
            {
                new("labelSelector", labelSelector),
                new("fieldSelector", fieldSelector),
                new("limit", limit?.ToString(CultureInfo.InvariantCulture)),
                new("continue", list.Continue),
            };
            var path = ResourcePath.WithQuery(ResourcePath.Collection(type, ns), query);
            await WithinRequestTimeoutAsync($"LIST {type}", token => ReadPageAsync(list, type, path, token), cancellationToken);
        }
        while (list.Continue is not null);

        return new ResourceList<T>(list.Items, list.ResourceVersion) { Undecodable = list.Undecodable };
    }

    private async Task<ListPages<T>> ReadPageAsync<T>(ListPages<T> list, ResourceType type, string path, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken);
        await ApiErrors.EnsureSuccessAsync(response, type.ToString(), cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        list.Add(document.RootElement, type);
        return list;
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceType type,
        string? ns,
        string? labelSelector,
        string? fieldSelector,
        string resourceVersion,
        TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var path = ResourcePath.WithQuery(
            ResourcePath.Collection(type, ns),
            [
                new("watch", "true"),
                new("allowWatchBookmarks", "true"),
                new("resourceVersion", resourceVersion),
                new("timeoutSeconds", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
                new("labelSelector", labelSelector),
                new("fieldSelector", fieldSelector),
            ]);
        using var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken);
        await ApiErrors.EnsureSuccessAsync(response, type.ToString(), cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        await foreach (var watchEvent in WatchStreamReader.ReadAsync<T>(reader, type, cancellationToken))
        {
            yield return watchEvent;
        }
    }

    public Task<T> ApplyAsync<T>(ResourceType type, T desired, CancellationToken cancellationToken, string? fieldManager = null)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        WithinRequestTimeoutAsync(
            $"APPLY {type} {desired.Metadata?.Name}", token => ApplyCoreAsync(type, desired, fieldManager ?? FieldManager, token), cancellationToken);

    private async Task<T> ApplyCoreAsync<T>(ResourceType type, T desired, string fieldManager, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var name = desired.Metadata?.Name ?? throw new ArgumentException($"{type}: an applied object needs metadata.name.", nameof(desired));
        var path = ResourcePath.WithQuery(
            ResourcePath.Item(type, desired.Metadata.NamespaceProperty, name),
            [new("fieldManager", fieldManager), new("force", "true")]);
        desired.ApiVersion ??= type.ApiVersion;
        desired.Kind ??= type.Kind;
        using var response = await SendAsync(HttpMethod.Patch, path, ModelJson.Serialize(desired), ApplyPatch, cancellationToken);
        return typeof(T).IsInterface || typeof(T).IsAbstract
            ? await ReadObjectAsAsync<T>(response, type, desired.GetType(), cancellationToken)
            : await ReadObjectAsync<T>(response, type, cancellationToken);
    }

    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        WithinRequestTimeoutAsync($"CREATE {type}", token => CreateCoreAsync(type, obj, token), cancellationToken);

    private async Task<T> CreateCoreAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var path = ResourcePath.WithQuery(ResourcePath.Collection(type, obj.Metadata?.NamespaceProperty), [new("fieldManager", FieldManager)]);
        using var response = await SendAsync(HttpMethod.Post, path, ModelJson.Serialize(obj), Json, cancellationToken);
        return await ReadObjectAsync<T>(response, type, cancellationToken);
    }

    public Task<T> MergePatchAsync<T>(ResourceType type, string? ns, string name, JsonObject patch, string? subresource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        WithinRequestTimeoutAsync($"PATCH {type} {ns}/{name}", token => MergePatchCoreAsync<T>(type, ns, name, patch, subresource, token), cancellationToken);

    private async Task<T> MergePatchCoreAsync<T>(
        ResourceType type,
        string? ns,
        string name,
        JsonObject patch,
        string? subresource,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var path = ResourcePath.WithQuery(ResourcePath.Item(type, ns, name, subresource), [new("fieldManager", FieldManager)]);
        using var response = await SendAsync(HttpMethod.Patch, path, ModelJson.Serialize(patch), MergePatch, cancellationToken);
        return await ReadObjectAsync<T>(response, type, cancellationToken);
    }

    public Task<T> JsonPatchAsync<T>(ResourceType type, string? ns, string name, JsonArray patch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        WithinRequestTimeoutAsync($"PATCH {type} {ns}/{name}", token => JsonPatchCoreAsync<T>(type, ns, name, patch, token), cancellationToken);

    private async Task<T> JsonPatchCoreAsync<T>(ResourceType type, string? ns, string name, JsonArray patch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var path = ResourcePath.WithQuery(ResourcePath.Item(type, ns, name), [new("fieldManager", FieldManager)]);
        using var response = await SendAsync(HttpMethod.Patch, path, patch.ToJsonString(), JsonPatch, cancellationToken);
        return await ReadObjectAsync<T>(response, type, cancellationToken);
    }

    public Task<T> ReplaceAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        WithinRequestTimeoutAsync($"REPLACE {type} {obj.Metadata?.NamespaceProperty}/{obj.Metadata?.Name}", token => ReplaceCoreAsync(type, obj, token), cancellationToken);

    private async Task<T> ReplaceCoreAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var name = obj.Metadata?.Name ?? throw new ArgumentException($"{type}: a replaced object needs metadata.name.", nameof(obj));
        var path = ResourcePath.WithQuery(ResourcePath.Item(type, obj.Metadata.NamespaceProperty, name), [new("fieldManager", FieldManager)]);
        obj.ApiVersion ??= type.ApiVersion;
        obj.Kind ??= type.Kind;
        using var response = await SendAsync(HttpMethod.Put, path, ModelJson.Serialize(obj), Json, cancellationToken);
        return await ReadObjectAsync<T>(response, type, cancellationToken);
    }

    public Task DeleteAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken) =>
        WithinRequestTimeoutAsync($"DELETE {type} {ns}/{name}", token => DeleteCoreAsync(type, ns, name, token), cancellationToken);

    private async Task<bool> DeleteCoreAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        var body = ModelJson.Serialize(new V1DeleteOptions { ApiVersion = "v1", Kind = "DeleteOptions", PropagationPolicy = "Background" });
        using var response = await SendAsync(HttpMethod.Delete, ResourcePath.Item(type, ns, name), body, Json, cancellationToken);
        if (response.StatusCode is not HttpStatusCode.NotFound)
        {
            await ApiErrors.EnsureSuccessAsync(response, type.ToString(), cancellationToken);
        }

        return true;
    }

    public Task<T> GetPathAsync<T>(string path, CancellationToken cancellationToken) =>
        WithinRequestTimeoutAsync($"GET {path}", token => GetPathCoreAsync<T>(path, token), cancellationToken);

    private async Task<T> GetPathCoreAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path.TrimStart('/'), null, null, cancellationToken);
        await ApiErrors.EnsureSuccessAsync(response, path, cancellationToken);
        return await ModelJson.DeserializeAsync<T>(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Bounds one request (sending and reading the answer): the HttpClient itself has no timeout because
    /// watches stay open, and a request hanging on a half-open connection would hold its work-queue key forever.
    /// </summary>
    private async Task<TResult> WithinRequestTimeoutAsync<TResult>(
        string what,
        Func<CancellationToken, Task<TResult>> call,
        CancellationToken cancellationToken)
    {
        var timeout = options.Value.RequestTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await call(deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{what}: the API server did not answer within {timeout.TotalSeconds:0} s.", e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string relativePath,
        string? body,
        string? contentType,
        CancellationToken cancellationToken)
    {
        var baseUri = kubernetes.BaseUri.ToString().TrimEnd('/');
        using var request = new HttpRequestMessage(method, new Uri($"{baseUri}/{relativePath}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Json));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? Json);
        }

        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        return await kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static async Task<T> ReadObjectAsync<T>(HttpResponseMessage response, ResourceType type, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await ApiErrors.EnsureSuccessAsync(response, type.ToString(), cancellationToken);
        var obj = await BoundedJson.DeserializeAsync<T>(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
        obj.ApiVersion ??= type.ApiVersion;
        obj.Kind ??= type.Kind;
        return obj;
    }

    /// <summary>
    /// Reads the object into <paramref name="concrete"/>, the model type of what was sent: a caller applying
    /// objects it knows only as <c>IKubernetesObject</c> (children, in a loop) cannot name the type, and
    /// System.Text.Json cannot deserialize into an interface.
    /// </summary>
    private static async Task<T> ReadObjectAsAsync<T>(HttpResponseMessage response, ResourceType type, Type concrete, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await ApiErrors.EnsureSuccessAsync(response, type.ToString(), cancellationToken);
        var json = await response.Content.ReadAsStringAsync(cancellationToken);
        var obj = (T)ModelJson.Deserialize(json, concrete);
        obj.ApiVersion ??= type.ApiVersion;
        obj.Kind ??= type.Kind;
        return obj;
    }
}
