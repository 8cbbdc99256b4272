using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.ArgoCd;

/// <summary>What a health.lua returned: ArgoCD's health status and message, or the error that stopped it.</summary>
internal sealed record HealthResult(string Status, string Message, string? Error = null);

/// <summary>
/// Runs a health.lua in the two interpreters: Debian's Lua 5.1 (the language ArgoCD's scripts are written in) and
/// gopher-lua (the interpreter ArgoCD embeds), each with only the libraries ArgoCD opens for a custom health check.
/// </summary>
internal static class HealthScript
{
    /// <summary>ArgoCD's layout: one folder per group/kind, holding health.lua, health_test.yaml and testdata.</summary>
    public static readonly string CustomizationsDirectory = RepositoryRoot.Combine("gitops", "argocd", "resource_customizations");

    /// <summary>The folder of one customization, e.g. <c>todo.gitops.dev/TodoApp</c>.</summary>
    public static string Directory(string groupKind) => System.IO.Path.Combine(CustomizationsDirectory, groupKind);

    public static string Path(string groupKind) => System.IO.Path.Combine(Directory(groupKind), "health.lua");

    private static readonly string HarnessSource = RepositoryRoot.Combine("tests", "Todo.Delivery.Tests", "ArgoCd", "GopherLuaHarness", "main.go");

    private static readonly Lazy<Task<string>> GopherLuaHarness = new(BuildGopherLuaHarnessAsync);

    public static async Task<HealthResult> RunInLua51Async(string script, JsonObject obj)
    {
        var runner = RepositoryRoot.Combine("tests", "Todo.Delivery.Tests", "ArgoCd", "lua51-sandbox.lua");
        var output = (await ExternalTool.RunAsync("lua5.1", [runner, script], stdin: LuaLiteral.From(obj))).AssertSucceeded();
        var parts = output.TrimEnd('\n').Split('\u001f');
        Assert.True(parts.Length == 2, $"unexpected output of the Lua 5.1 sandbox: {output}");
        return parts[0] == "ERROR" ? new HealthResult(string.Empty, string.Empty, parts[1]) : new HealthResult(parts[0], parts[1]);
    }

    public static async Task<HealthResult> RunInGopherLuaAsync(string script, JsonObject obj)
    {
        var harness = await GopherLuaHarness.Value;
        var output = (await ExternalTool.RunAsync(harness, [script], stdin: obj.ToJsonString() + "\n")).AssertSucceeded();
        var result = JsonSerializer.Deserialize<JsonObject>(output) ?? throw new InvalidOperationException($"no result: {output}");
        return new HealthResult(
            result["status"]?.GetValue<string>() ?? string.Empty,
            result["message"]?.GetValue<string>() ?? string.Empty,
            result["error"]?.GetValue<string>());
    }

    /// <summary>
    /// Builds the gopher-lua harness offline in GOPATH mode from Debian's Go sources, once per content of the
    /// harness, gopher-lua package and Go toolchain: the binary is cached outside the checkout.
    /// </summary>
    private static async Task<string> BuildGopherLuaHarnessAsync()
    {
        var goVersion = (await ExternalTool.RunAsync("go", ["version"])).AssertSucceeded();
        var gopherLua = (await ExternalTool.RunAsync("dpkg-query", ["-W", "-f", "${Version}", "golang-github-yuin-gopher-lua-dev"])).AssertSucceeded();
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(HarnessSource) + goVersion + gopherLua)))[..16];
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var binary = System.IO.Path.Combine(cache, "todo-operator", $"gopher-lua-health-harness-{key}", "health-harness");
        if (File.Exists(binary))
        {
            return binary;
        }

        var building = $"{binary}.{Environment.ProcessId}";
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(binary)!);
        (await ExternalTool.RunAsync(
            "go",
            ["build", "-o", building, "."],
            workingDirectory: System.IO.Path.GetDirectoryName(HarnessSource),
            environment: new Dictionary<string, string>
            {
                ["GO111MODULE"] = "off",
                ["GOPATH"] = "/usr/share/gocode",
                ["GOFLAGS"] = string.Empty,
                ["GOCACHE"] = System.IO.Path.Combine(cache, "todo-operator", "go-build"),
            })).AssertSucceeded();
        File.Move(building, binary, overwrite: true);
        return binary;
    }
}
