using System.Text.Json;
using k8s;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>On-demand TodoAppBackups of the app, as a user creates and watches them.</summary>
internal sealed partial class TestApp
{
    public const string Backups = "todoappbackups";

    public async Task CreateBackupAsync(string name, CancellationToken cancellationToken) =>
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new { apiVersion = $"{Group}/{Version}", kind = "TodoAppBackup", metadata = new { name }, spec = new { todoApp = Name } },
            Group, Version, Namespace, Backups, cancellationToken: cancellationToken);

    /// <summary>The backup once it reports Completed; the test fails as soon as it reports Failed.</summary>
    public async Task<JsonElement> CompletedBackupAsync(string name, CancellationToken cancellationToken) =>
        (JsonElement)await Eventually.GetAsync<object>($"TodoAppBackup {name} Completed", TimeSpan.FromMinutes(3), async token =>
        {
            var backup = await Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(Group, Version, Namespace, Backups, name, token);
            var phase = backup.TryGetProperty("status", out var status) && status.TryGetProperty("phase", out var value) ? value.GetString() : null;
            Assert.True(phase != "Failed", $"TodoAppBackup {name} failed: {status}");
            return phase == "Completed" ? backup : null;
        }, cancellationToken);
}
