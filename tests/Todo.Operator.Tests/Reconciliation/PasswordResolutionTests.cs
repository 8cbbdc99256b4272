using System.Text;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>
/// Each way the Redis password can be unusable holds back everything that reads it (the generated Secret, Redis, the API),
/// reports a reason a human can act on, and looks again later; the password itself never appears in a message.
/// </summary>
public sealed class PasswordResolutionTests
{
    private static readonly ResourceType Secrets = ResourceType.Of<V1Secret>();

    /// <summary>A Secret that may yet appear or be filled (a SealedSecret not unsealed yet) is waited for; a password Redis cannot hold needs a person.</summary>
    public static TheoryData<string, string?, bool> UnusableExistingSecrets => new()
    {
        { "PasswordSecretNotFound", null, false },
        { "PasswordSecretKeyMissing", "other-key", false },
        { "PasswordNotSupported", "password", true },
    };

    [Theory]
    [MemberData(nameof(UnusableExistingSecrets))]
    public async Task An_unusable_existing_secret_is_reported_and_looked_at_again_later(string reason, string? storedKey, bool degradedAtOnce)
    {
        var harness = new ReconcilerHarness();
        if (storedKey is not null)
        {
            harness.Server.Seed(Secret("sealed", storedKey, "say \"cheese\""));
        }

        var app = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "sealed", Key = "password" });

        var result = await harness.ReconcileAsync(app);

        AssertStoppedWith(harness, app, result, reason, degraded: degradedAtOnce);
        Assert.DoesNotContain(harness.Events.Recorded, recorded => recorded.Message.Contains("cheese", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_still_missing_after_five_minutes_is_degraded()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "sealed", Key = "password" });
        await harness.ReconcileAsync(app);
        harness.Time.Advance(TimeSpan.FromMinutes(4));
        await harness.ReconcileAsync(app);
        Assert.Equal("False", app.Condition(ConditionTypes.Degraded)?.Status);

        harness.Time.Advance(TimeSpan.FromMinutes(1.5));
        await harness.ReconcileAsync(app);

        Assert.Equal(("True", "PasswordSecretNotFound"), (app.Condition(ConditionTypes.Degraded)?.Status, app.Condition(ConditionTypes.Degraded)?.Reason));
        Assert.Equal(("True", "Retrying"), (app.Condition(ConditionTypes.Progressing)?.Status, app.Condition(ConditionTypes.Progressing)?.Reason));
    }

    [Fact]
    public async Task A_generated_secret_deleted_while_redis_uses_it_is_never_replaced()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        await harness.Server.DeleteAsync(Secrets, TestApps.Namespace, "shop-redis-password", TestContext.Current.CancellationToken);
        var writes = harness.Server.Writes.Count;

        var result = await harness.ReconcileAsync(app);

        AssertStoppedWith(harness, app, result, "PasswordSecretDeleted", writes);
        Assert.Null(harness.Server.Find(Secrets, TestApps.Namespace, "shop-redis-password"));
        Assert.Contains("kubectl rollout restart deployment shop-api -n team-a", app.Condition(ConditionTypes.Degraded)?.Message, StringComparison.Ordinal);
    }

    /// <summary>The StatefulSet's watch may lag behind the Secret's: a Redis that the cache does not show yet still counts.</summary>
    [Fact]
    public async Task A_generated_secret_deleted_before_the_cache_shows_redis_is_not_replaced_either()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        await harness.Server.DeleteAsync(Secrets, TestApps.Namespace, "shop-redis-password", TestContext.Current.CancellationToken);
        harness.Cache.Selects = cached => cached is not V1StatefulSet;
        var writes = harness.Server.Writes.Count;

        var result = await harness.ReconcileAsync(app);

        AssertStoppedWith(harness, app, result, "PasswordSecretDeleted", writes);
    }

    /// <summary>
    /// The reconcile right after the first may find neither the Secret it wrote nor its own status in the cache (both
    /// watches lag behind the writes): the password it generated is confirmed against the API server, never replaced.
    /// </summary>
    [Fact]
    public async Task A_generated_secret_the_cache_does_not_show_yet_is_read_not_replaced()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        var first = Password(harness);
        harness.Cache.Selects = cached => cached is not V1Secret and not V1StatefulSet;
        app.Status = null;

        await harness.ReconcileAsync(app);

        Assert.Equal(first, Password(harness));
        Assert.Contains("get Secret shop-redis-password", harness.Server.Reads);
    }

    /// <summary>
    /// A leader generated the password and wrote its Secret, then lost the lead before it wrote the app's status: the new
    /// leader, another process whose cache does not show the Secret yet, keeps that password and never generates a second
    /// (#17 item 11). The same for the key of a chosen password's version.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_new_leader_keeps_what_the_former_leader_generated_before_any_status(bool existingSecret)
    {
        var former = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Redis.PasswordSecretRef = existingSecret ? new SecretKeyReference { Name = "vault", Key = "password" } : null);
        var secretName = existingSecret ? "shop-password-hmac" : "shop-redis-password";
        former.Server.Seed(Secret("vault", "password", "chosen-password"));
        await former.ReconcileAsync(app);
        var generated = ObjectCopy.As<V1Secret>(former.Server.Find(Secrets, TestApps.Namespace, secretName)!);
        var leader = new ReconcilerHarness();
        leader.Server.Seed(Secret("vault", "password", "chosen-password"));
        leader.Server.Seed(ObjectCopy.Deep(generated));
        leader.Cache.Selects = cached => !(cached is V1Secret { Metadata.Name: var name } && name == secretName) && cached is not V1StatefulSet;
        app.Status = null;

        await leader.ReconcileAsync(app);

        Assert.Equal(generated.Data, ObjectCopy.As<V1Secret>(leader.Server.Find(Secrets, TestApps.Namespace, secretName)!).Data);
        Assert.Contains($"get Secret {secretName}", leader.Server.Reads);
    }

    [Fact]
    public async Task A_generated_secret_that_lost_its_password_is_reported_not_refilled()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        harness.Server.Seed(Secret("shop-redis-password", RedisPasswordRules.GeneratedKey, string.Empty));
        var writes = harness.Server.Writes.Count;

        var result = await harness.ReconcileAsync(app);

        AssertStoppedWith(harness, app, result, "PasswordSecretEmptied", writes);
    }

    [Fact]
    public async Task The_generated_password_is_made_once_and_kept()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();

        await harness.ReconcileAsync(app);
        var first = Password(harness);
        app.Spec.Image.Tag = "1.2.4";
        await harness.ReconcileAsync(app);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, Password(harness));
        Assert.Single(harness.Server.Writes, write => write == "apply Secret shop-redis-password");
    }

    [Fact]
    public async Task A_secret_without_the_opt_in_label_is_never_handed_to_the_pods()
    {
        var harness = new ReconcilerHarness();
        var secret = Secret("kube-credentials", "password", "not-for-todo-apps");
        secret.Metadata.Labels = null;
        harness.Server.Seed(secret);
        var app = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "kube-credentials", Key = "password" });

        var result = await harness.ReconcileAsync(app);

        AssertStoppedWith(harness, app, result, "PasswordSecretNotFound", degraded: false);
        Assert.Contains("kubectl label secret kube-credentials -n team-a todo.gitops.dev/redis-password=true", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_error_reading_the_password_is_retried_with_backoff()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        harness.Cache.Selects = cached => cached is not V1Secret;
        harness.Server.FailNext("get", "Secret", 500, "etcdserver: request timed out");
        var writes = harness.Server.Writes.Count;

        var result = await harness.ReconcileAsync(app);

        Assert.False(result.IsSuccess);
        Assert.Equal(["patch-status TodoApp shop"], harness.WritesSince(writes));
        Assert.Equal(("False", "ReadPasswordFailed"), (app.Condition(ConditionTypes.Ready)?.Status, app.Condition(ConditionTypes.Ready)?.Reason));
        Assert.Equal("Reading the Redis password Secret: etcdserver: request timed out", app.Condition(ConditionTypes.Ready)?.Message);
    }

    private static void AssertStoppedWith(ReconcilerHarness harness, TodoApp app, ReconciliationResult result, string reason, int writesBefore = 0, bool degraded = true)
    {
        Assert.True(result.IsSuccess);
        Assert.Equal(TodoAppReconciler.DependencyRetryDelay, result.RequeueAfter);
        var writes = harness.WritesSince(writesBefore);
        Assert.Equal("patch-status TodoApp shop", writes[^1]);
        Assert.DoesNotContain(writes, write => write.Split(' ') is [_, "Secret" or "StatefulSet" or "Deployment", _]);
        Assert.Equal(("False", reason), (app.Condition(ConditionTypes.Ready)?.Status, app.Condition(ConditionTypes.Ready)?.Reason));
        Assert.Equal(degraded ? ("True", reason) : ("False", "Retrying"), (app.Condition(ConditionTypes.Degraded)?.Status, app.Condition(ConditionTypes.Degraded)?.Reason));
        Assert.Contains(harness.Events.Recorded, recorded => recorded.Type == EventType.Warning && recorded.Reason == reason);
    }

    private static string Password(ReconcilerHarness harness) =>
        RedisPasswordSecret.StoredPassword(ObjectCopy.As<V1Secret>(harness.Server.Find(Secrets, TestApps.Namespace, "shop-redis-password")!))!;

    /// <summary>A Secret labelled as usable for a Redis password.</summary>
    private static V1Secret Secret(string name, string key, string value) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = TestApps.Namespace,
            Labels = new Dictionary<string, string> { ["todo.gitops.dev/redis-password"] = "true" },
        },
        Data = new Dictionary<string, byte[]> { [key] = Encoding.UTF8.GetBytes(value) },
    };
}
