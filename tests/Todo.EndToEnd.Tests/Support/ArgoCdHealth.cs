using System.Globalization;
using System.Text;
using System.Text.Json;
using Todo.EndToEnd.Tests.Cluster;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>
/// What ArgoCD's health check of a TodoApp (the project's Lua script) says about a live TodoApp: the script runs in
/// Lua 5.1, the language ArgoCD embeds, with <c>obj</c> set to the object as ArgoCD passes it.
/// </summary>
internal static class ArgoCdHealth
{
    private static readonly string ScriptPath =
        Path.Combine(RepositoryRoot.Path, "gitops", "argocd", "resource_customizations", "todo.gitops.dev", "TodoApp", "health.lua");

    public static async Task<string> StatusAsync(Scripts scripts, JsonElement app, CancellationToken cancellationToken)
    {
        var program = $"obj = {LuaValue(app)}\nlocal function health()\n{File.ReadAllText(ScriptPath)}\nend\nprint(health().status)";
        var result = await scripts.RunAsync("lua5.1", ["-e", program], cancellationToken);
        return result.Succeeded
            ? result.StandardOutput.Trim()
            : throw new InvalidOperationException($"the health script failed (exit {result.ExitCode}): {result.StandardError}");
    }

    private static string LuaValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(", ", value.EnumerateObject().Select(p => $"[{LuaString(p.Name)}] = {LuaValue(p.Value)}")) + "}",
        JsonValueKind.Array => "{" + string.Join(", ", value.EnumerateArray().Select(LuaValue)) + "}",
        JsonValueKind.String => LuaString(value.GetString()!),
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "nil",
    };

    private static string LuaString(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when c < ' ' => $"\\{(int)c:D3}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
