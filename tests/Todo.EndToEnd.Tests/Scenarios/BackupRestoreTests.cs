using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>
/// Issue 20 on a real node: todos written through the API, an on-demand TodoAppBackup taken by its Job, the app deleted
/// with its volume (whenDeleted: Delete), and a new app restored from the backup, counting every todo that did not come
/// back as it was (id, place in the list, title, state, version); and a restore from a backup whose file was damaged on
/// its volume, which must fail with the reason on the TodoApp and start neither Redis nor the API.
/// </summary>
public sealed class BackupRestoreTests(NodeCluster cluster)
{
    private const int Todos = 30;

    [Fact]
    public async Task A_deleted_app_restored_from_its_backup_has_every_todo_as_it_was_and_new_ids_do_not_collide()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await TestApp.ApplySampleAsync(cluster, "backup", cancellationToken);
        await app.PatchSpecAsync(new { redis = new { storage = new { whenDeleted = "Delete" } } }, cancellationToken);
        await app.ReadyAsync(cancellationToken);
        using var api = await app.ServiceClientAsync(cancellationToken);
        var ids = await WriteTodosAsync(api, cancellationToken);
        var before = await SnapshotAsync(api, cancellationToken);
        Assert.Equal(Todos - 2, before.Count);

        await app.CreateBackupAsync("first", cancellationToken);
        var backup = await app.CompletedBackupAsync("first", cancellationToken);
        var status = backup.GetProperty("status");
        Assert.Equal(($"{app.Name}-backups", "first.rdb"), (status.GetProperty("claim").GetString(), status.GetProperty("file").GetString()));
        Assert.True(status.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.Matches("^[0-9a-f]{64}$", status.GetProperty("sha256").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", status.GetProperty("redisVersion").GetString());
        var table = await cluster.Scripts.KubectlAsync(cancellationToken, "get", TestApp.Backups, "-n", app.Namespace);
        Assert.Contains("Completed", table, StringComparison.Ordinal);
        Assert.Contains("first.rdb", table, StringComparison.Ordinal);

        await app.DeleteAsync(cancellationToken);
        await Eventually.UntilAsync("the deleted app's data claim is gone", TimeSpan.FromMinutes(2), async token =>
            (await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(app.Namespace, cancellationToken: token)).Items
                .All(claim => claim.Metadata.Name != $"data-{app.Name}-redis-0"),
            cancellationToken);
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync($"{app.Name}-backups", app.Namespace, cancellationToken: cancellationToken));

        var restored = await app.ApplyRestoredAsync("restored", "first", cancellationToken);
        var early = await AnswersUntilReadyAsync(restored, cancellationToken);
        // Redis starts only once the init container has put the data in place, and the API serves only once Redis answers.
        Assert.All(early, count => Assert.Equal(before.Count, count));
        using var restoredApi = await restored.ServiceClientAsync(cancellationToken);
        var after = await SnapshotAsync(restoredApi, cancellationToken);

        var lost = before.Where(todo => !after.Contains(todo)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {before.Count} todos did not come back as they were: {string.Join(", ", lost)}");
        Assert.Equal(before, after);
        var id = await CreateAsync(restoredApi, "after the restore", 0, cancellationToken);
        Assert.True(id > ids.Max(), $"The new todo got id {id}; the ids given before the backup go up to {ids.Max()}.");
    }

    [Fact]
    public async Task A_restore_from_a_damaged_backup_file_reports_why_on_the_app_and_starts_nothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await TestApp.ApplySampleAsync(cluster, "damaged", cancellationToken);
        await app.ReadyAsync(cancellationToken);
        using (var api = await app.ServiceClientAsync(cancellationToken))
        {
            await CreateAsync(api, "a todo worth keeping", 0, cancellationToken);
        }

        await app.CreateBackupAsync("cut", cancellationToken);
        await app.CompletedBackupAsync("cut", cancellationToken);
        await TruncateAsync(app, "cut.rdb", cancellationToken);

        var restored = await app.ApplyRestoredAsync("restored", "cut", cancellationToken);
        var failed = await restored.ReportedAsync(
            "Ready=False with reason RestoreFailed", TimeSpan.FromMinutes(3), current => Condition(current, "Ready") is { } ready && ready.Reason == "RestoreFailed", cancellationToken);

        var (status, reason, message) = Condition(failed, "Ready")!.Value;
        Assert.Equal(("False", "RestoreFailed"), (status, reason));
        Assert.Contains("checksum mismatch for cut.rdb", message, StringComparison.Ordinal);
        Assert.Equal(("True", "RestoreFailed"), (Condition(failed, "Degraded")!.Value.Status, Condition(failed, "Degraded")!.Value.Reason));
        var warnings = (await cluster.Client.CoreV1.ListNamespacedEventAsync(
            app.Namespace, fieldSelector: $"involvedObject.name=restored,reason=RestoreFailed", cancellationToken: cancellationToken)).Items;
        var warning = Assert.Single(warnings);
        Assert.Equal("Warning", warning.Type);
        Assert.Contains("checksum mismatch for cut.rdb", warning.Message, StringComparison.Ordinal);

        // Redis never ran on the file: its init container failed every time, the redis container never started.
        var redis = Assert.Single(await restored.PodsAsync("redis", cancellationToken));
        var init = Assert.Single(redis.Status.InitContainerStatuses);
        Assert.NotEqual(0, (init.State.Terminated ?? init.LastState.Terminated)?.ExitCode ?? 0);
        Assert.All(redis.Status.ContainerStatuses, container =>
            Assert.True(container.State.Running is null && container.State.Terminated is null && container.LastState.Terminated is null && container.RestartCount == 0, $"{container.Name} started"));
        Assert.DoesNotContain(await restored.PodsAsync("api", cancellationToken), TestApp.IsReady);
    }

    /// <summary>Cuts a backup's file to half its length on the app's backup volume, from a restricted pod run to that end.</summary>
    private async Task TruncateAsync(TestApp app, string file, CancellationToken cancellationToken)
    {
        var redis = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync($"{app.Name}-redis", app.Namespace, cancellationToken: cancellationToken);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "truncate-backup" },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                SecurityContext = new V1PodSecurityContext
                {
                    RunAsNonRoot = true,
                    RunAsUser = 10001,
                    RunAsGroup = 10001,
                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                },
                Containers =
                [
                    new V1Container
                    {
                        Name = "truncate",
                        Image = redis.Spec.Template.Spec.Containers[0].Image,
                        Command = ["sh", "-c", "set -eu; f=/backups/$FILE; head -c $(($(wc -c < $f) / 2)) $f > /tmp/half; cat /tmp/half > $f"],
                        Env = [new V1EnvVar { Name = "FILE", Value = file }],
                        SecurityContext = new V1SecurityContext
                        {
                            AllowPrivilegeEscalation = false,
                            ReadOnlyRootFilesystem = true,
                            Capabilities = new V1Capabilities { Drop = ["ALL"] },
                        },
                        VolumeMounts =
                        [
                            new V1VolumeMount { Name = "backups", MountPath = "/backups" },
                            new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
                        ],
                    },
                ],
                Volumes =
                [
                    new V1Volume { Name = "backups", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = $"{app.Name}-backups" } },
                    new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() },
                ],
            },
        };
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, app.Namespace, cancellationToken: cancellationToken);
        var phase = await Eventually.GetAsync("the truncating pod finished", TimeSpan.FromMinutes(2), async token =>
            (await cluster.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, app.Namespace, cancellationToken: token)).Status?.Phase is { } done && done is "Succeeded" or "Failed" ? done : null,
            cancellationToken);
        Assert.Equal("Succeeded", phase);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, app.Namespace, cancellationToken: cancellationToken);
    }

    private static (string Status, string Reason, string Message)? Condition(JsonElement app, string type) =>
        app.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
            ? conditions.EnumerateArray().Where(c => c.GetProperty("type").GetString() == type)
                .Select(c => (c.GetProperty("status").GetString()!, c.GetProperty("reason").GetString()!, c.GetProperty("message").GetString()!))
                .Cast<(string, string, string)?>()
                .FirstOrDefault()
            : null;

    /// <summary>30 todos, some completed (a new version each), two deleted: ids with a gap, versions that differ. The ids given.</summary>
    private static async Task<List<long>> WriteTodosAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        for (var i = 1; i <= Todos; i++)
        {
            ids.Add(await CreateAsync(api, $"todo {i}", Todos - i, cancellationToken));
        }

        foreach (var (index, completed) in new[] { (2, true), (6, true), (6, false), (10, true) })
        {
            using var patched = await api.PatchAsJsonAsync($"todos/{ids[index]}", new { completed }, cancellationToken);
            patched.EnsureSuccessStatusCode();
        }

        foreach (var index in new[] { 4, 19 })
        {
            using var deleted = await api.DeleteAsync($"todos/{ids[index]}", cancellationToken);
            deleted.EnsureSuccessStatusCode();
        }

        return ids;
    }

    private static async Task<long> CreateAsync(HttpClient api, string title, int order, CancellationToken cancellationToken)
    {
        using var created = await api.PostAsJsonAsync("todos", new { title, order }, cancellationToken);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetInt64();
    }

    /// <summary>Every todo in list order, with its version (the ETag of its own resource).</summary>
    private static async Task<List<string>> SnapshotAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var list = await api.GetFromJsonAsync<JsonElement>("todos", cancellationToken);
        var todos = new List<string>();
        foreach (var todo in list.EnumerateArray())
        {
            var id = todo.GetProperty("id").GetInt64();
            using var one = await api.GetAsync($"todos/{id}", cancellationToken);
            one.EnsureSuccessStatusCode();
            todos.Add($"{id} '{todo.GetProperty("title").GetString()}' completed={todo.GetProperty("completed").GetBoolean()} etag={one.Headers.ETag}");
        }

        return todos;
    }

    /// <summary>Until the restored app is Ready: the number of todos of every list the API answered meanwhile.</summary>
    private static async Task<List<int>> AnswersUntilReadyAsync(TestApp app, CancellationToken cancellationToken)
    {
        var counts = new List<int>();
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var api = await app.ServiceClientAsync(cancellationToken);
                if (await TestApp.TitlesAsync(api, cancellationToken) is { } titles)
                {
                    counts.Add(titles.Length);
                }
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException)
            {
                // No Service, no endpoint or no answer yet.
            }

            var current = await app.GetAsync(cancellationToken);
            if (TestApp.ObservedGeneration(current) == current.GetProperty("metadata").GetProperty("generation").GetInt64()
                && TestApp.ConditionStatus(current, "Ready") == "True" && counts.Count > 0)
            {
                return counts;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        throw new TimeoutException($"TodoApp {app.Namespace}/{app.Name} was not Ready within 4 minutes: {await app.GetAsync(cancellationToken)}");
    }
}
