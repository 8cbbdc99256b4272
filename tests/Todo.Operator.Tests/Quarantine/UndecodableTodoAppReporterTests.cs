using System.Text.Json;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Crd;
using Todo.Operator.Quarantine;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Tests.Fakes;

namespace Todo.Operator.Tests.Quarantine;

/// <summary>A TodoApp the client cannot decode is reported as an invalid spec is: Degraded for its current generation, with the field.</summary>
public sealed class UndecodableTodoAppReporterTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 9, 30, 15, 500, DateTimeKind.Utc);

    [Fact]
    public async Task The_status_says_degraded_for_the_current_generation_with_the_field_at_fault()
    {
        var server = new FakeResourceClient();

        await Reporter(server).ReportAsync(Undecodable(generation: 4, conditions: null), TestContext.Current.CancellationToken);

        Assert.Equal(["patch-status TodoApp shop"], server.Writes);
        var status = Assert.Single(server.StatusPatches);
        Assert.Equal(4, status.GetProperty("observedGeneration").GetInt64());
        var conditions = Conditions(status);
        Assert.Equal(
            [("Ready", "False"), ("Progressing", "False"), ("Degraded", "True")],
            conditions.Select(condition => (condition.Type, condition.Status)));
        Assert.All(conditions, condition =>
        {
            Assert.Equal(("Undecodable", 4L), (condition.Reason, condition.ObservedGeneration));
            Assert.Equal(Now.AddMilliseconds(-500), condition.LastTransitionTime);
        });
        Assert.Contains("spec.resources.limits.memory: '1e1.5' is not a quantity", conditions[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_condition_whose_status_does_not_change_keeps_its_transition_time()
    {
        var server = new FakeResourceClient();
        var earlier = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
        object[] previous =
        [
            new { type = "Ready", status = "True", reason = "AllChildrenReady", message = "ok", lastTransitionTime = earlier },
            new { type = "Degraded", status = "True", reason = "InvalidAutoscaling", message = "min above max", lastTransitionTime = earlier },
        ];

        await Reporter(server).ReportAsync(Undecodable(generation: 5, previous), TestContext.Current.CancellationToken);

        var conditions = Conditions(Assert.Single(server.StatusPatches));
        Assert.Equal(Now.AddMilliseconds(-500), conditions.Single(condition => condition.Type == "Ready").LastTransitionTime);
        Assert.Equal(earlier, conditions.Single(condition => condition.Type == "Degraded").LastTransitionTime);
    }

    [Fact]
    public async Task A_status_the_api_server_refuses_as_invalid_is_not_retried_but_other_failures_are()
    {
        var server = new FakeResourceClient();
        server.FailNext("patch-status", "TodoApp", code: 422, message: "spec.resources.limits.memory in body should match ...");

        await Reporter(server).ReportAsync(Undecodable(generation: 2, conditions: null), TestContext.Current.CancellationToken);

        server.FailNext("patch-status", "TodoApp", code: 500);
        await Assert.ThrowsAsync<k8s.KubernetesException>(() =>
            Reporter(server).ReportAsync(Undecodable(generation: 2, conditions: null), TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// An app the operator cannot read, deleted while it carries the Redis data finalizer, finishes deleting (#17 item 11):
    /// the finalizer goes, the volume claims stay (a spec that cannot be read is not trusted to ask for their deletion),
    /// and a Warning says how to delete them by hand. Other finalizers are left.
    /// </summary>
    [Fact]
    public async Task A_deleted_app_with_the_data_finalizer_loses_it_and_keeps_its_claims()
    {
        var server = new FakeResourceClient();
        var events = new FakeEventRecorder();
        server.Seed(new TodoApp
        {
            Metadata = new V1ObjectMeta { Name = "shop", NamespaceProperty = "team-a", Finalizers = ["example.com/other", "todo.gitops.dev/redis-data"] },
        });
        var undecodable = Undecodable(generation: 3, conditions: null);
        undecodable.Metadata.ResourceVersion = server.Find(ResourceType.Of<TodoApp>(), "team-a", "shop")!.Metadata.ResourceVersion;
        undecodable.Metadata.Uid = "7f1c2a9e-0000-4000-8000-000000000001";
        undecodable.Metadata.DeletionTimestamp = Now;
        undecodable.Metadata.Finalizers = ["example.com/other", "todo.gitops.dev/redis-data"];

        await Reporter(server, events).ReportAsync(undecodable, TestContext.Current.CancellationToken);

        Assert.Equal(["example.com/other"], server.Find(ResourceType.Of<TodoApp>(), "team-a", "shop")!.Metadata.Finalizers);
        Assert.DoesNotContain(server.Writes, write => write.StartsWith("delete", StringComparison.Ordinal));
        var (type, reason, message) = Assert.Single(events.Recorded);
        Assert.Equal((EventType.Warning, "ClaimKept"), (type, reason));
        Assert.Contains("kubectl delete pvc -n team-a -l todo.gitops.dev/todoapp-uid=7f1c2a9e-0000-4000-8000-000000000001", message, StringComparison.Ordinal);
    }

    private static UndecodableTodoAppReporter Reporter(FakeResourceClient server, FakeEventRecorder? events = null) =>
        new(server, events ?? new FakeEventRecorder(), new FixedTime(Now), NullLogger<UndecodableTodoAppReporter>.Instance);

    private static UndecodableObject Undecodable(long generation, object[]? conditions)
    {
        var json = JsonSerializer.SerializeToElement(new
        {
            metadata = new { name = "shop", @namespace = "team-a", generation },
            spec = new { resources = new { limits = new { memory = "1e1.5" } } },
            status = conditions is null ? null : new { conditions },
        });
        return new UndecodableObject(
            ResourceType.Of<TodoApp>(),
            new V1ObjectMeta { Name = "shop", NamespaceProperty = "team-a", Generation = generation, ResourceVersion = "7" },
            "spec.resources.limits.memory: '1e1.5' is not a quantity the operator reads",
            json);
    }

    private static List<V1Condition> Conditions(JsonElement status) =>
        k8s.KubernetesJson.Deserialize<List<V1Condition>>(status.GetProperty("conditions"));

    private sealed class FixedTime(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}
