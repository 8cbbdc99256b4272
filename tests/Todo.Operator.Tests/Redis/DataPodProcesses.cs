using System.Diagnostics;
using System.Globalization;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Tls;
using Todo.Operator.Tests.Backups;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// Data pods as local processes: Debian's redis-server (the Redis image's build), started by the containers' own entrypoints
/// with the passwords in the environment as the kubelet sets them, and for a TLS app the given TLS files where the
/// pods mount theirs; only /tmp, the data folder, the TLS folder and the port are the test's. A stub redis-cli on the scripts'
/// PATH answers no Sentinel question, so nothing leaves the machine.
/// </summary>
internal sealed class DataPodProcesses : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> Passwords = new Dictionary<string, string>
    {
        [RedisUsers.Api] = "api-password",
        [RedisUsers.Exporter] = "exporter-password",
        [RedisUsers.Replication] = "replication-password",
        [RedisUsers.Sentinel] = "sentinel-password",
    };

    private readonly string root = Directory.CreateTempSubdirectory("todo-redis-pods-").FullName;
    private readonly List<Process> servers = [];

    public DataPodProcesses(RedisTlsFiles? tls = null)
    {
        LocalRedis.SkipUnlessInstalled();
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The entrypoints run in the pods' sh, which Windows lacks.");
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "redis-cli"), "#!/bin/sh\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(bin, "redis-cli"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        TlsFolder = Directory.CreateDirectory(Path.Combine(root, "tls")).FullName;
        if (tls is not null)
        {
            foreach (var (name, content) in tls.Data())
            {
                File.WriteAllBytes(Path.Combine(TlsFolder, name), content);
            }
        }
    }

    /// <summary>Where the pods' TLS files are (the Secret's mount in a pod).</summary>
    public string TlsFolder { get; }

    /// <summary>The app's previous password while a test rotates it; unset otherwise, as the optional variable is.</summary>
    public string? PreviousPassword { get; set; }

    /// <summary>The data container of <paramref name="pod"/>, as its pod runs it, on a free port; returns once it answers PING.</summary>
    public async Task<int> StartAsync(TodoApp app, string pod, params string[] extraArguments)
    {
        var container = RedisContainers.Redis(app, $"{app.Metadata.Name}:");
        var directory = Directory.CreateDirectory(Path.Combine(root, pod)).FullName;
        var port = LocalRedis.FreePort();
        var portText = port.ToString(CultureInfo.InvariantCulture);
        string[] listen = RedisTls.Enabled(app) ? ["--port", "0", "--tls-port", portText] : ["--port", portText];
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        var script = container.Command[2].Replace("/tmp/", directory + "/", StringComparison.Ordinal).Replace(RedisTls.MountPath, TlsFolder, StringComparison.Ordinal);
        foreach (var argument in (string[])["-c", script, container.Command[3],
            .. container.Args.Select(argument => argument == RedisStatefulSet.DataPath ? directory : argument), .. listen, "--bind", "127.0.0.1", .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{Path.Combine(root, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["POD_NAME"] = pod;
        foreach (var variable in container.Env.Where(variable => variable.ValueFrom?.SecretKeyRef is not null))
        {
            if (Password(variable.ValueFrom.SecretKeyRef) is { } password)
            {
                start.Environment[variable.Name] = password;
            }
        }

        var process = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        servers.Add(process);
        string[] tlsOptions = RedisTls.Enabled(app) ? TlsOptions() : [];
        await WaitForAsync($"{pod} answers PING as the sentinel user", async () => await CliAsync(port, RedisUsers.Sentinel, [.. tlsOptions, "PING"]) == "PONG", () => string.Join('\n', log));
        return port;
    }

    /// <summary>redis-cli's options to connect over TLS with the pods' CA and certificate.</summary>
    public string[] TlsOptions() =>
        ["--tls", "--cacert", Path.Combine(TlsFolder, RedisTls.CaFile), "--cert", Path.Combine(TlsFolder, RedisTls.CertificateFile), "--key", Path.Combine(TlsFolder, RedisTls.KeyFile)];

    /// <summary>Kills every server as a crash would: what the AOF has on disk (fsync always) is what survives.</summary>
    public async Task StopAllAsync()
    {
        foreach (var server in servers)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }

        servers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        Directory.Delete(root, recursive: true);
    }

    public static async Task WaitForAsync(string what, Func<Task<bool>> condition, Func<string>? log = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 20 s for this: {what}. {log?.Invoke()}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>redis-cli as <paramref name="user"/> (none: the default user) with its password; options such as --tls go first in <paramref name="command"/>.</summary>
    public static Task<string> CliAsync(int port, string? user, params string[] command) =>
        CliWithAsync(port, user, user is null ? null : Passwords[user], command);

    public static async Task<string> CliWithAsync(int port, string? user, string? password, params string[] command)
    {
        string[] login = user is null ? [] : ["--user", user];
        var (_, output) = await LocalRedis.RunAsync(
            "/usr/bin/redis-cli", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. login, .. command],
            password is null ? [] : new() { ["REDISCLI_AUTH"] = password });
        return output.Trim();
    }

    /// <summary>
    /// The password the kubelet would put in a variable: the app's own for its password Secret, else the named user's; the
    /// previous one only while a test has set it (the variable is unset otherwise).
    /// </summary>
    private string? Password(V1SecretKeySelector reference) =>
        reference.Key == RedisUsers.ApiPrevious ? PreviousPassword
        : reference.Name.EndsWith("-redis-users", StringComparison.Ordinal) ? Passwords[reference.Key]
        : Passwords[RedisUsers.Api];
}
