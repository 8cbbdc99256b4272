using System.Net;
using System.Net.Http.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// The API on a real redis-server that serves TLS only and requires client certificates (<c>tls-auth-clients yes</c>), as
/// the operator runs it: it serves when the server's certificate chains to a CA of <c>Redis__CaCertificatePath</c> and
/// names the address connected to, and it presents <c>Redis__ClientCertificatePath</c>; otherwise it does not connect, and
/// readiness and requests get 503. It reads the files at every connection, so a rotated CA bundle is trusted without a
/// restart. Certificates are made here, as cert-manager makes them (ECDSA P-256).
/// </summary>
public sealed class RedisTlsTests
{
    private const string Password = "tls-test-password";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_the_ca_and_a_client_certificate_the_api_creates_and_reads_a_todo_over_tls(bool caBundle)
    {
        using var tls = TlsFiles.Create("localhost", "127.0.0.1");
        await using var redis = await RedisServer.StartTlsAsync(tls);
        // A bundle of the old and the new CA, as during a CA rotation, with the CA that signed the server's last.
        await using var api = new TodoApiFactory(redis.Endpoint, tls.ApiSettings(caBundle ? tls.WriteBundle() : tls.CaPath));
        using var client = api.CreateClient();

        var created = await client.CreateTodoAsync(new { title = "over tls" });

        Assert.Equal(created, await client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
        using var ready = await client.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_server_whose_certificate_the_configured_ca_did_not_sign_is_not_trusted()
    {
        using var tls = TlsFiles.Create("localhost", "127.0.0.1");

        await AssertApiDoesNotConnectAsync(tls, tls.ApiSettings(tls.OtherCaPath));
    }

    [Fact]
    public async Task A_server_certificate_that_does_not_name_the_address_connected_to_is_not_trusted()
    {
        using var tls = TlsFiles.Create("redis.example");

        await AssertApiDoesNotConnectAsync(tls, tls.ApiSettings(tls.CaPath));
    }

    [Fact]
    public async Task Without_a_client_certificate_redis_refuses_the_api()
    {
        using var tls = TlsFiles.Create("localhost", "127.0.0.1");

        await AssertApiDoesNotConnectAsync(tls, tls.ApiSettings(tls.CaPath, withClientCertificate: false));
    }

    [Fact]
    public async Task A_ca_file_rewritten_while_the_api_runs_is_trusted_from_the_next_connection_on()
    {
        using var tls = TlsFiles.Create("localhost", "127.0.0.1");
        var caPath = Path.Combine(tls.Directory, "mounted-ca.crt");
        File.Copy(tls.OtherCaPath, caPath);
        await using var redis = await RedisServer.StartTlsAsync(tls);
        await using var api = new TodoApiFactory(redis.Endpoint, tls.ApiSettings(caPath));
        using var client = api.CreateClient();
        using (var untrusted = await client.GetAsync("/readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, untrusted.StatusCode);
        }

        // As the kubelet updates a mounted Secret: the new content appears at the same path.
        File.WriteAllText(caPath, File.ReadAllText(tls.WriteBundle()));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var ready = await client.GetAsync("/readyz", Ct);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The API does not trust the rewritten CA file within 30 s.");
            await Task.Delay(200, Ct);
        }
    }

    [Fact]
    public async Task Through_sentinels_on_tls_the_api_finds_the_primary_and_its_writes_reach_a_replica()
    {
        using var tls = TlsFiles.Create("localhost", "127.0.0.1");
        await using var group = await SentinelGroup.StartAsync("todo", Password, replicas: 1, tls);
        var settings = group.ApiSettings(replicasToAcknowledge: 1).Concat(tls.ApiSettings(tls.CaPath)).ToDictionary();
        await using var api = new TodoApiFactory(group.Primary.Endpoint, settings);
        using var client = api.CreateClient();

        // Acknowledged (201, not 504) only once the replica, connected to the primary over TLS, holds it.
        var created = await client.CreateTodoAsync(new { title = "through tls sentinels" });

        Assert.Equal(created, await client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
    }

    /// <summary>
    /// Readiness stays 503 over the first reconnects and a write gets 503, while the same Redis serves the test's own
    /// connection with the right certificates: the API's handshake is what fails, not Redis.
    /// </summary>
    private static async Task AssertApiDoesNotConnectAsync(TlsFiles tls, Dictionary<string, string> apiSettings)
    {
        await using var redis = await RedisServer.StartTlsAsync(tls);
        await using var api = new TodoApiFactory(redis.Endpoint, apiSettings);
        using var client = api.CreateClient();

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        do
        {
            using var ready = await client.GetAsync("/readyz", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            await Task.Delay(250, Ct);
        }
        while (DateTime.UtcNow < until);

        using var created = await client.PostAsJsonAsync("/todos", new { title = "never stored" }, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, created.StatusCode);
        using var admin = await redis.ConnectAdminAsync();
        Assert.True(admin.IsConnected);
    }
}
