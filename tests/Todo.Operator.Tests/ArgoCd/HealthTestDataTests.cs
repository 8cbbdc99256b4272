using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Generation;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Fakes;

namespace Todo.Operator.Tests.ArgoCd;

/// <summary>
/// The TodoApps in the test data of the ArgoCD health script (gitops/argocd/resource_customizations/todo.gitops.dev/TodoApp)
/// carry the status this operator writes, not one imagined for the script: each is reconciled here, from its metadata and
/// spec, through the situation its name describes, and the status written must be the one in the file. The delivery tests
/// then run the script on the same files, so what ArgoCD shows is tested against the operator's real output.
/// </summary>
public sealed class HealthTestDataTests
{
    private static readonly string TestData =
        Path.Combine(RepositoryRoot.Path, "gitops", "argocd", "resource_customizations", "todo.gitops.dev", "TodoApp", "testdata");

    private static readonly DateTime Start = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>Test objects whose status the operator does not write, and why the script is tested on them anyway.</summary>
    private static readonly Dictionary<string, string> NotWrittenByTheOperator = new()
    {
        ["progressing_no_status.yaml"] = "a TodoApp before the operator's first report",
        ["progressing_ready_unknown.yaml"] = "a Ready condition of status Unknown, which this operator never writes: the script must not call it Healthy",
    };

    /// <summary>How the operator comes to write each test object's status.</summary>
    private static readonly Dictionary<string, Func<ReconcilerHarness, TodoApp, Task>> Situations = new()
    {
        ["healthy_all_children_ready.yaml"] = async (harness, app) =>
        {
            await harness.ReconcileAsync(app);
            harness.ReportRolledOut(app.Metadata.NamespaceProperty, app.Metadata.Name, apiAvailable: true);
            await harness.ReconcileAsync(app);
        },
        ["progressing_children_not_ready.yaml"] = async (harness, app) =>
        {
            await harness.ReconcileAsync(app);
            harness.ReportRolledOut(app.Metadata.NamespaceProperty, app.Metadata.Name, apiAvailable: false);
            await harness.ReconcileAsync(app);
        },
        ["progressing_generation_not_observed.yaml"] = async (harness, app) =>
        {
            var generation = app.Metadata.Generation;
            app.Metadata.Generation = generation - 1;
            await Situations!["healthy_all_children_ready.yaml"](harness, app);
            app.Metadata.Generation = generation;
        },
        ["progressing_retrying_transient_error.yaml"] = async (harness, app) =>
        {
            harness.Server.FailNext("apply", "Deployment", 503, "the server is currently unable to handle the request");
            await harness.ReconcileAsync(app);
        },
        ["progressing_waiting_for_password_secret.yaml"] = async (harness, app) => await harness.ReconcileAsync(app),
        ["degraded_failure_lasting_five_minutes.yaml"] = async (harness, app) =>
        {
            foreach (var minutes in new[] { 0, 3, 3 })
            {
                harness.Time.Advance(TimeSpan.FromMinutes(minutes));
                harness.Server.FailNext("apply", "Deployment", 503, "the server is currently unable to handle the request");
                await harness.ReconcileAsync(app);
            }
        },
        ["degraded_invalid_spec.yaml"] = async (harness, app) => await harness.ReconcileAsync(app),
        ["degraded_progress_deadline_exceeded.yaml"] = async (harness, app) =>
        {
            await harness.ReconcileAsync(app);
            harness.ReportRolledOut(app.Metadata.NamespaceProperty, app.Metadata.Name, apiAvailable: false);
            var deployment = Deployment(harness, app);
            deployment.Status.Conditions =
            [
                new V1DeploymentCondition
                {
                    Type = "Progressing",
                    Status = "False",
                    Reason = "ProgressDeadlineExceeded",
                    Message = $"ReplicaSet \"{deployment.Metadata.Name}-6d5f8c7b9\" has timed out progressing.",
                },
            ];
            await harness.ReconcileAsync(app);
        },
        ["suspended_paused.yaml"] = async (harness, app) =>
        {
            app.Spec.Paused = false;
            await harness.ReconcileAsync(app);
            harness.ReportRolledOut(app.Metadata.NamespaceProperty, app.Metadata.Name, apiAvailable: false);
            app.Spec.Paused = true;
            await harness.ReconcileAsync(app);
        },
    };

    public static TheoryData<string> OperatorWritten() => [.. Situations.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_test_object_is_either_written_by_the_operator_or_says_why_not()
    {
        var files = Directory.GetFiles(TestData, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(files, Situations.Keys.Concat(NotWrittenByTheOperator.Keys).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OperatorWritten))]
    public async Task The_test_object_holds_the_status_the_operator_writes(string file)
    {
        var stored = KubernetesObjectYaml.Deserialize<TodoApp>(await File.ReadAllTextAsync(Path.Combine(TestData, file), TestContext.Current.CancellationToken));
        var app = ObjectCopy.Deep(stored);
        app.Status = null;
        var harness = new ReconcilerHarness();
        harness.Time.Advance(Start - harness.Time.GetUtcNow().UtcDateTime);

        await Situations[file](harness, app);

        var written = Project(app.Status);
        Assert.True(
            JsonNode.DeepEquals(Project(stored.Status), written),
            $"{file} does not hold the status the operator writes for it; it writes:\n{(app.Status is null ? "no status" : KubernetesObjectYaml.Serialize(app.Status))}");
    }

    /// <summary>What the health script reads and a person sees; transition times depend on when each step ran.</summary>
    private static JsonNode? Project(TodoAppStatus? status)
    {
        var node = status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status));
        foreach (var condition in node?["conditions"]?.AsArray() ?? [])
        {
            condition!.AsObject().Remove("lastTransitionTime");
        }

        return node;
    }

    private static V1Deployment Deployment(ReconcilerHarness harness, TodoApp app) =>
        (V1Deployment)harness.Server.Find(ResourceType.Of<V1Deployment>(), app.Metadata.NamespaceProperty, $"{app.Metadata.Name}-api")!;
}
