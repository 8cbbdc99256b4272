using System.Globalization;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Tls;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// The data pods of a TLS app on Debian's redis-server, with certificates from the operator's CA
/// (<see cref="RedisCertificateAuthority"/>): only clients with the app's CA and certificate get in.
/// </summary>
public sealed class RedisTlsTests : IAsyncDisposable
{
    private readonly DataPodProcesses pods = new(Contexts.Tls.Files);

    [Fact]
    public async Task Over_tls_a_client_with_the_apps_certificate_is_served_and_one_without_it_or_in_plain_text_is_refused()
    {
        var port = await pods.StartAsync(TestApps.WithRedisTls(), "shop-redis-0");
        var ca = Path.Combine(pods.TlsFolder, RedisTls.CaFile);
        var otherCa = Path.Combine(pods.TlsFolder, "other-ca.crt");
        await File.WriteAllTextAsync(otherCa, RedisCertificateAuthority.NextAuthority(null, "other", DateTimeOffset.UtcNow).Bundle, TestContext.Current.CancellationToken);

        Assert.Equal("PONG", await DataPodProcesses.CliAsync(port, RedisUsers.Api, [.. pods.TlsOptions(), "PING"]));
        Assert.NotEqual("PONG", await DataPodProcesses.CliAsync(port, RedisUsers.Api, "PING"));
        var withoutCertificate = await DataPodProcesses.CliAsync(port, RedisUsers.Api, "--tls", "--cacert", ca, "PING");
        Assert.NotEqual("PONG", withoutCertificate);
        var withoutTheCa = await DataPodProcesses.CliAsync(port, RedisUsers.Api, [.. pods.TlsOptions().Select(option => option == ca ? otherCa : option), "PING"]);
        Assert.Contains("certificate verify failed", withoutTheCa, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_tls_a_replica_replicates_and_the_primary_takes_writes_once_it_has_one()
    {
        var app = TestApps.WithRedisTls();
        app.Spec.Redis.Mode = RedisMode.Sentinel;
        var primary = await pods.StartAsync(app, "shop-redis-0");
        var replica = await pods.StartAsync(app, "shop-redis-1", "--replicaof", "127.0.0.1", primary.ToString(CultureInfo.InvariantCulture));

        // The primary counts a replica as good once its first acknowledgement arrives, up to a second after the link is up.
        await DataPodProcesses.WaitForAsync("the replica is linked to the primary over TLS and counted as good by it", async () =>
            (await DataPodProcesses.CliAsync(replica, RedisUsers.Sentinel, [.. pods.TlsOptions(), "INFO", "replication"])).Contains("master_link_status:up", StringComparison.Ordinal)
            && (await DataPodProcesses.CliAsync(primary, RedisUsers.Sentinel, [.. pods.TlsOptions(), "INFO", "replication"])).Contains("min_slaves_good_slaves:1", StringComparison.Ordinal));
        Assert.Equal("OK", await DataPodProcesses.CliAsync(primary, RedisUsers.Api, [.. pods.TlsOptions(), "SET", "shop::todo:1", "milk"]));
        Assert.Equal("1", await DataPodProcesses.CliAsync(primary, RedisUsers.Api, [.. pods.TlsOptions(), "WAIT", "1", "5000"]), StringComparer.Ordinal);
        Assert.Equal("milk", await DataPodProcesses.CliAsync(replica, RedisUsers.Api, [.. pods.TlsOptions(), "GET", "shop::todo:1"]));
    }

    public ValueTask DisposeAsync() => pods.DisposeAsync();
}
