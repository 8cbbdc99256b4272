using System.Text.Json;
using k8s;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>
/// Issue 20's schedule on a real node: every minute, keep 1. The operator creates one TodoAppBackup per minute, owned by
/// the app and named after its slot; once a second one completed, the older is deleted; the app's status names the newest.
/// Keep 1 rather than more: each kept backup is another minute of waiting, and one is enough to show what is pruned.
/// Bounded: two runs, at most five minutes.
/// </summary>
public sealed class ScheduledBackupTests(NodeCluster cluster)
{
    private const int Keep = 1;

    [Fact]
    public async Task A_schedule_of_every_minute_makes_a_backup_each_minute_and_keeps_keep_of_them()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await TestApp.ApplySampleAsync(cluster, "sched", cancellationToken);
        await app.ReadyAsync(cancellationToken);
        await app.PatchSpecAsync(new { redis = new { backup = new { schedule = "* * * * *", keep = Keep } } }, cancellationToken);

        var created = new SortedSet<string>(StringComparer.Ordinal);
        var completed = new SortedSet<string>(StringComparer.Ordinal);
        List<JsonElement> current = [];
        await Eventually.UntilAsync("two scheduled backups completed and the older deleted", TimeSpan.FromMinutes(5), async token =>
        {
            current = await ListAsync(app, token);
            foreach (var backup in current)
            {
                var name = backup.GetProperty("metadata").GetProperty("name").GetString()!;
                created.Add(name);
                if (Phase(backup) == "Completed")
                {
                    completed.Add(name);
                }

                if (Phase(backup) == "Failed")
                {
                    Assert.Fail($"TodoAppBackup {name} failed: {backup.GetProperty("status")}");
                }
            }

            return completed.Count >= Keep + 1 && current.Count(backup => Phase(backup) == "Completed") == Keep;
        }, cancellationToken);

        Assert.All(created, name => Assert.Matches($"^{app.Name}-[0-9]{{8}}-[0-9]{{4}}$", name));
        Assert.All(current, backup =>
        {
            var owner = Assert.Single(backup.GetProperty("metadata").GetProperty("ownerReferences").EnumerateArray());
            Assert.Equal(("TodoApp", app.Name), (owner.GetProperty("kind").GetString(), owner.GetProperty("name").GetString()));
        });
        // Kept: the newest completed ones; the oldest went first.
        var kept = current.Where(backup => Phase(backup) == "Completed").Select(backup => backup.GetProperty("metadata").GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(completed.TakeLast(Keep), kept);
        Assert.DoesNotContain(completed.First(), current.Select(backup => backup.GetProperty("metadata").GetProperty("name").GetString()));

        var last = (await app.ReportedAsync("status.lastBackup names the newest completed backup", TimeSpan.FromMinutes(1), reported =>
            reported.GetProperty("status").TryGetProperty("lastBackup", out var lastBackup)
            && string.CompareOrdinal(lastBackup.GetProperty("name").GetString(), kept[^1]) >= 0, cancellationToken))
            .GetProperty("status").GetProperty("lastBackup");
        Assert.True(last.GetProperty("completedAt").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
    }

    private async Task<List<JsonElement>> ListAsync(TestApp app, CancellationToken cancellationToken)
    {
        var list = await cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(
            TestApp.Group, "v1beta1", app.Namespace, TestApp.Backups, labelSelector: $"todo.gitops.dev/todoapp={app.Name}", cancellationToken: cancellationToken);
        return [.. list.GetProperty("items").EnumerateArray()];
    }

    private static string? Phase(JsonElement backup) =>
        backup.TryGetProperty("status", out var status) && status.TryGetProperty("phase", out var phase) ? phase.GetString() : null;
}
