using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

// The floor of bench/operator.sh: the children the operator would create (`Todo.Operator generate children`, one JSON
// line each, an app's children together and in apply order) server-side applied by a plain client, `workers` apps at a
// time as the operator's workers do, over one HTTP/2 connection as KubernetesClient uses.
// Usage: Floor <server URL> <CA file> <objects file> <workers>; the bearer token in FLOOR_TOKEN.
if (args is not [var server, var caFile, var objectsFile, var workerText] || !int.TryParse(workerText, out var workers) || workers < 1)
{
    Console.Error.WriteLine("usage: Floor <server URL> <CA file> <objects file> <workers> (token in FLOOR_TOKEN)");
    return 2;
}

var token = Environment.GetEnvironmentVariable("FLOOR_TOKEN") ?? throw new InvalidOperationException("FLOOR_TOKEN is not set.");
var apps = new ConcurrentQueue<List<(string Path, string Body)>>(
    File.ReadLines(objectsFile)
        .Select(line => JsonNode.Parse(line)!)
        .Select(node => (Path: node["path"]!.GetValue<string>(), Body: node["object"]!.ToJsonString()))
        .GroupBy(child => child.Path.Split('/')[child.Path.StartsWith("api/", StringComparison.Ordinal) ? 3 : 4])
        .Select(app => app.ToList()));
var total = apps.Sum(app => app.Count);

using var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
using var handler = new SocketsHttpHandler();
handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
{
    using var chain = new X509Chain();
    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
    chain.ChainPolicy.CustomTrustStore.Add(ca);
    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
    return certificate is X509Certificate2 presented && chain.Build(presented);
};
using var client = new HttpClient(handler)
{
    BaseAddress = new Uri(server.TrimEnd('/') + "/"),
    DefaultRequestVersion = HttpVersion.Version20,
    DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
};
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

var failures = new ConcurrentBag<string>();
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
{
    while (apps.TryDequeue(out var app))
    {
        foreach (var (path, body) in app)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/apply-patch+yaml");
            using var response = await client.PatchAsync($"{path}?fieldManager=todo-operator&force=true", content);
            if (!response.IsSuccessStatusCode)
            {
                failures.Add($"{(int)response.StatusCode} {path}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
})));
clock.Stop();

foreach (var failure in failures.Take(5))
{
    Console.Error.WriteLine(failure);
}

Console.WriteLine(JsonSerializer.Serialize(new { objects = total, workers, seconds = Math.Round(clock.Elapsed.TotalSeconds, 3), failures = failures.Count }));
return failures.IsEmpty ? 0 : 1;
