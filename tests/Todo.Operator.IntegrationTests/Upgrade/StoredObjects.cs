using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Todo.Operator.IntegrationTests.Upgrade;

/// <summary>
/// Objects as etcd holds them, through etcd's own JSON gateway (/v3/kv/range): which version the API server stored a
/// TodoApp in, which no API request can tell. The local control plane's etcd listens on loopback; its address is the
/// kube-apiserver's --etcd-servers, read from the process the control plane script recorded.
/// </summary>
internal sealed class StoredObjects(Uri etcd) : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The etcd of the local control plane whose admin kubeconfig is <paramref name="kubeconfigPath"/>.</summary>
    public static StoredObjects Of(string kubeconfigPath)
    {
        var pid = File.ReadAllText(Path.Combine(Path.GetDirectoryName(kubeconfigPath)!, "kube-apiserver.pid")).Trim();
        var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        var etcd = arguments.SkipWhile(argument => argument != "--etcd-servers").Skip(1).First().Split(',')[0];
        return new StoredObjects(new Uri(etcd));
    }

    /// <summary>The apiVersion a TodoApp is stored in.</summary>
    public async Task<string> StoredVersionAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(Encoding.UTF8.GetBytes($"/registry/todo.gitops.dev/todoapps/{@namespace}/{name}"));
        using var response = await http.PostAsJsonAsync(new Uri(etcd, "/v3/kv/range"), new { key }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var range = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        var value = range?["kvs"]?[0]?["value"]?.GetValue<string>() ?? throw new InvalidOperationException($"etcd holds no TodoApp {@namespace}/{name}");
        return JsonNode.Parse(Convert.FromBase64String(value))!["apiVersion"]!.GetValue<string>();
    }

    public void Dispose() => http.Dispose();
}
