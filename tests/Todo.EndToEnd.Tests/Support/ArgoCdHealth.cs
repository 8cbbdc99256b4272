using System.Text.Json;
using System.Text.Json.Nodes;
using Todo.Delivery.Tests.ArgoCd;
using Todo.EndToEnd.Tests.Cluster;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>
/// What ArgoCD's health check of a TodoApp (gitops/argocd/resource_customizations/todo.gitops.dev/TodoApp/health.lua)
/// says about a live TodoApp: run in Lua 5.1 with ArgoCD's sandbox by the delivery tests' runner, the object passed
/// as ArgoCD decodes it (LuaLiteral, shared with tests/Todo.Delivery.Tests).
/// </summary>
internal static class ArgoCdHealth
{
    private static readonly string ScriptPath =
        Path.Combine(RepositoryRoot.Path, "gitops", "argocd", "resource_customizations", "todo.gitops.dev", "TodoApp", "health.lua");

    private static readonly string Sandbox = Path.Combine(RepositoryRoot.Path, "tests", "Todo.Delivery.Tests", "ArgoCd", "lua51-sandbox.lua");

    public static async Task<string> StatusAsync(Scripts scripts, JsonElement app, CancellationToken cancellationToken)
    {
        var obj = JsonNode.Parse(app.GetRawText())!.AsObject();
        var result = await scripts.RunAsync("lua5.1", [Sandbox, ScriptPath], cancellationToken, standardInput: LuaLiteral.From(obj));
        var parts = result.StandardOutput.TrimEnd('\n').Split('\u001f');
        return result.Succeeded && parts.Length == 2 && parts[0] != "ERROR"
            ? parts[0]
            : throw new InvalidOperationException($"the health script failed (exit {result.ExitCode}): {result.StandardOutput}{result.StandardError}");
    }
}
