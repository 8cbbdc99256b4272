using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Support;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Reconciliation;

public sealed class StatusBuilderTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T1 = T0.AddMinutes(5);

    private static readonly StatusInputs AllReady = new()
    {
        Children = [new("TodoApiDeployment", ChildReadiness.Ready), new("RedisStatefulSet", ChildReadiness.Ready)],
        Replicas = 2,
        ReadyReplicas = 2,
    };

    private static readonly StatusInputs RedisStarting = new()
    {
        Children = [new("TodoApiDeployment", ChildReadiness.Ready), new("RedisStatefulSet", ChildReadiness.NotReady("StatefulSet shop-redis has 0 of 1 replicas ready."))],
    };

    [Fact]
    public void All_children_ready_means_ready_and_not_progressing()
    {
        var app = TestApps.FullyFeatured();

        var status = StatusBuilder.Build(app, AllReady, T0);

        Assert.Equal(3, status.ObservedGeneration);
        AssertCondition(status, ConditionTypes.Ready, "True", "AllChildrenReady");
        AssertCondition(status, ConditionTypes.Progressing, "False", "ReconcileComplete");
        AssertCondition(status, ConditionTypes.Degraded, "False", "AsExpected");
        Assert.All(status.Conditions!, condition => Assert.Equal(3, condition.ObservedGeneration));
        Assert.Equal(2, status.ReadyReplicas);
        Assert.Equal("https://todo.example.com/", status.Url);
        Assert.Equal("app.kubernetes.io/name=todo,app.kubernetes.io/instance=shop,app.kubernetes.io/component=api", status.LabelSelector);
    }

    [Fact]
    public void A_child_not_ready_is_progressing_with_its_message()
    {
        var status = StatusBuilder.Build(TestApps.Create(), RedisStarting, T0);

        var ready = AssertCondition(status, ConditionTypes.Ready, "False", "ChildrenNotReady");
        Assert.Contains("shop-redis has 0 of 1", ready.Message, StringComparison.Ordinal);
        AssertCondition(status, ConditionTypes.Progressing, "True", "ChildrenNotReady");
        AssertCondition(status, ConditionTypes.Degraded, "False", "AsExpected");
    }

    [Fact]
    public void Invalid_spec_is_degraded_with_the_problem_reason_and_keeps_the_old_url()
    {
        var app = TestApps.Create();
        app.Status = new TodoAppStatus { Url = "http://old.example.com/" };
        var inputs = new StatusInputs { Problems = [new SpecProblem("spec.autoscaling", "InvalidAutoscaling", "minReplicas (6) is greater than maxReplicas (3).")] };

        var status = StatusBuilder.Build(app, inputs, T0);

        var degraded = AssertCondition(status, ConditionTypes.Degraded, "True", "InvalidAutoscaling");
        Assert.Contains("spec.autoscaling: minReplicas (6)", degraded.Message, StringComparison.Ordinal);
        AssertCondition(status, ConditionTypes.Ready, "False", "InvalidAutoscaling");
        AssertCondition(status, ConditionTypes.Progressing, "False", "InvalidSpec");
        Assert.Equal("http://old.example.com/", status.Url);
    }

    [Fact]
    public void Disabled_ingress_clears_the_url_in_the_status_merge_patch()
    {
        var app = TestApps.Create(spec => spec.Ingress.Enabled = false);
        app.Status = new TodoAppStatus { Url = "http://old.example.com/" };

        var status = StatusBuilder.Build(app, AllReady, T0);

        Assert.Null(status.Url);
        Assert.Contains("\"url\":null", ModelJson.Serialize(status), StringComparison.Ordinal);
    }

    [Fact]
    public void A_transient_failure_is_retrying_not_degraded()
    {
        var inputs = new StatusInputs { Failure = new ReconcileFailure("PasswordSecretNotFound", "Secret team-a/sealed does not exist; create it or remove existingSecret.") };

        var status = StatusBuilder.Build(TestApps.Create(), inputs, T0);

        AssertCondition(status, ConditionTypes.Ready, "False", "PasswordSecretNotFound");
        AssertCondition(status, ConditionTypes.Progressing, "True", "Retrying");
        AssertCondition(status, ConditionTypes.Degraded, "False", "Retrying");
        Assert.Equal(T0, status.FailingSince);
    }

    [Fact]
    public void A_failure_lasting_more_than_five_minutes_is_degraded_with_its_reason()
    {
        var app = TestApps.Create();
        var inputs = new StatusInputs { Failure = new ReconcileFailure("ApplyFailed", "Deployment shop-api: the API server could not be reached.") };
        app.Status = StatusBuilder.Build(app, inputs, T0);
        app.Status = StatusBuilder.Build(app, inputs, T0.AddMinutes(5));
        AssertCondition(app.Status, ConditionTypes.Degraded, "False", "Retrying");

        var status = StatusBuilder.Build(app, inputs, T0.AddMinutes(5).AddSeconds(1));

        var degraded = AssertCondition(status, ConditionTypes.Degraded, "True", "ApplyFailed");
        Assert.StartsWith("Deployment shop-api: the API server could not be reached. (failing since 2025-01-01T10:00:00Z", degraded.Message, StringComparison.Ordinal);
        AssertCondition(status, ConditionTypes.Progressing, "True", "Retrying");
        Assert.Equal(T0, status.FailingSince);
    }

    [Fact]
    public void A_failure_retrying_cannot_fix_is_degraded_at_once()
    {
        var inputs = new StatusInputs { Failure = new ReconcileFailure("ApplyFailed", "Service shop-api: Service \"shop-api\" is invalid", NeedsAction: true) };

        var status = StatusBuilder.Build(TestApps.Create(), inputs, T0);

        AssertCondition(status, ConditionTypes.Degraded, "True", "ApplyFailed");
        AssertCondition(status, ConditionTypes.Progressing, "True", "Retrying");
    }

    [Fact]
    public void Success_ends_the_failure_and_a_new_one_starts_its_grace_period_again()
    {
        var app = TestApps.Create();
        var failing = new StatusInputs { Failure = new ReconcileFailure("ApplyFailed", "Ingress shop: the API server could not be reached.") };
        app.Status = StatusBuilder.Build(app, failing, T0);
        app.Status = StatusBuilder.Build(app, AllReady, T1);
        Assert.Null(app.Status.FailingSince);
        Assert.Contains("\"failingSince\":null", ModelJson.Serialize(app.Status), StringComparison.Ordinal);

        var status = StatusBuilder.Build(app, failing, T1.AddMinutes(10));

        Assert.Equal(T1.AddMinutes(10), status.FailingSince);
        AssertCondition(status, ConditionTypes.Degraded, "False", "Retrying");
    }

    [Fact]
    public void A_child_past_its_progress_deadline_makes_the_app_degraded_and_no_longer_progressing()
    {
        var stalled = ChildReadiness.Failed("ProgressDeadlineExceeded", "Deployment shop-api made no progress for 600 s: ReplicaSet \"shop-api-5d4f\" has timed out progressing.");
        var inputs = new StatusInputs { Children = [new("RedisStatefulSet", ChildReadiness.NotReady("StatefulSet shop-redis has 0 of 1 replicas ready.")), new("TodoApiDeployment", stalled)] };

        var status = StatusBuilder.Build(TestApps.Create(), inputs, T0);

        var ready = AssertCondition(status, ConditionTypes.Ready, "False", "ProgressDeadlineExceeded");
        Assert.StartsWith(stalled.Message, ready.Message, StringComparison.Ordinal);
        Assert.Equal(stalled.Message, AssertCondition(status, ConditionTypes.Progressing, "False", "ProgressDeadlineExceeded").Message);
        Assert.Equal(stalled.Message, AssertCondition(status, ConditionTypes.Degraded, "True", "ProgressDeadlineExceeded").Message);
        Assert.Null(status.FailingSince);
    }

    [Fact]
    public void A_failing_app_keeps_its_replica_counts_and_settles_to_an_unchanged_status()
    {
        var app = TestApps.Create();
        app.Status = StatusBuilder.Build(app, AllReady, T0);
        var failing = new StatusInputs { Failure = new ReconcileFailure("ApplyFailed", "Ingress shop: the API server could not be reached.") };
        app.Status = StatusBuilder.Build(app, failing, T1);
        Assert.False(StatusBuilder.HasChanged(app.Status, StatusBuilder.Build(app, failing, T1.AddMinutes(1))));
        app.Status = StatusBuilder.Build(app, failing, T1.AddMinutes(10));

        Assert.Equal((2, 2), (app.Status.Replicas, app.Status.ReadyReplicas));
        Assert.False(StatusBuilder.HasChanged(app.Status, StatusBuilder.Build(app, failing, T1.AddMinutes(20))));
    }

    [Fact]
    public void Paused_app_is_not_progressing()
    {
        var status = StatusBuilder.Build(TestApps.Create(spec => spec.Paused = true), RedisStarting, T0);

        AssertCondition(status, ConditionTypes.Progressing, "False", "Paused");
    }

    [Fact]
    public void Transition_time_is_kept_while_the_status_holds_and_moves_when_it_changes()
    {
        var app = TestApps.Create();
        app.Status = StatusBuilder.Build(app, RedisStarting, T0);

        var unchanged = StatusBuilder.Build(app, RedisStarting, T1);
        var nowReady = StatusBuilder.Build(app, AllReady, T1);

        Assert.All(unchanged.Conditions!, condition => Assert.Equal(T0, condition.LastTransitionTime));
        Assert.Equal(T1, Condition(nowReady, ConditionTypes.Ready).LastTransitionTime);
        Assert.Equal(T1, Condition(nowReady, ConditionTypes.Progressing).LastTransitionTime);
        Assert.Equal(T0, Condition(nowReady, ConditionTypes.Degraded).LastTransitionTime);
    }

    [Fact]
    public void Same_observations_give_an_unchanged_status()
    {
        var app = TestApps.Create();
        app.Status = StatusBuilder.Build(app, AllReady, T0);

        Assert.False(StatusBuilder.HasChanged(app.Status, StatusBuilder.Build(app, AllReady, T1)));
        Assert.True(StatusBuilder.HasChanged(app.Status, StatusBuilder.Build(app, RedisStarting, T1)));
        Assert.True(StatusBuilder.HasChanged(null, app.Status));
    }

    [Fact]
    public void A_new_generation_changes_the_status()
    {
        var app = TestApps.Create();
        app.Status = StatusBuilder.Build(app, AllReady, T0);
        app.Metadata.Generation = 4;

        var status = StatusBuilder.Build(app, AllReady, T1);

        Assert.True(StatusBuilder.HasChanged(app.Status, status));
        Assert.Equal(4, status.ObservedGeneration);
    }

    [Fact]
    public void Transition_times_have_whole_seconds_as_the_api_server_stores_them()
    {
        var status = StatusBuilder.Build(TestApps.Create(), AllReady, T0.AddMilliseconds(750));

        Assert.All(status.Conditions!, condition => Assert.Equal(T0, condition.LastTransitionTime));
    }

    private static k8s.Models.V1Condition Condition(TodoAppStatus status, string type) =>
        Assert.Single(status.Conditions!, condition => condition.Type == type);

    private static k8s.Models.V1Condition AssertCondition(TodoAppStatus status, string type, string expectedStatus, string reason)
    {
        var condition = Condition(status, type);
        Assert.Equal(expectedStatus, condition.Status);
        Assert.Equal(reason, condition.Reason);
        Assert.False(string.IsNullOrWhiteSpace(condition.Message));
        return condition;
    }
}
