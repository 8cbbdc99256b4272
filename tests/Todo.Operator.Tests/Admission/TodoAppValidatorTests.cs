using Todo.Operator.Admission;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Admission;

/// <summary>
/// What the validating webhook refuses: what the reconciler's validator reports (the same problems, field by field),
/// and on update the volume changes Kubernetes can never apply; problems stored before the webhook do not block updates
/// that leave them as they are.
/// </summary>
public sealed class TodoAppValidatorTests
{
    private readonly TodoAppValidator validator = new();

    [Fact]
    public void A_new_app_is_refused_with_every_problem_the_reconciler_would_report()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Image.Tag = "latest";
            spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 4, MaxReplicas = 2 };
        });

        var verdict = validator.ValidateCreate(app);

        Assert.Equal(
            SpecValidator.Validate(app).Select(problem => (problem.Field, problem.Reason, problem.Message)),
            verdict.Refusals.Select(refusal => (refusal.Field, refusal.Reason, refusal.Message)));
        Assert.Equal(["spec.image.tag", "spec.autoscaling"], verdict.Refusals.Select(refusal => refusal.Field));
    }

    [Fact]
    public void A_valid_app_is_admitted_without_warnings()
    {
        var verdict = validator.ValidateCreate(TestApps.FullyFeatured());

        Assert.Empty(verdict.Refusals);
        Assert.Empty(verdict.Warnings);
    }

    [Fact]
    public void An_update_that_leaves_a_stored_problem_as_it_is_is_admitted_with_a_warning()
    {
        var stored = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 4, MaxReplicas = 2 });
        var labelled = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 4, MaxReplicas = 2 });
        labelled.Metadata.Finalizers = [];

        var verdict = validator.ValidateUpdate(stored, labelled);

        Assert.Empty(verdict.Refusals);
        var warning = Assert.Single(verdict.Warnings);
        Assert.StartsWith("spec.autoscaling: minReplicas (4) is greater than maxReplicas (2)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void An_update_that_brings_a_new_problem_is_refused_with_the_stored_ones_too()
    {
        var stored = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 4, MaxReplicas = 2 });
        var updated = TestApps.Create(spec =>
        {
            spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 4, MaxReplicas = 2 };
            spec.Image.Tag = "latest";
        });

        var verdict = validator.ValidateUpdate(stored, updated);

        Assert.Equal(["spec.image.tag", "spec.autoscaling"], verdict.Refusals.Select(refusal => refusal.Field));
    }

    [Fact]
    public void A_stored_problem_changed_but_not_fixed_is_refused()
    {
        var stored = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 4, MaxReplicas = 2 });
        var updated = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 5, MaxReplicas = 2 });

        Assert.Equal(["spec.autoscaling"], validator.ValidateUpdate(stored, updated).Refusals.Select(refusal => refusal.Field));
    }

    [Fact]
    public void The_storage_class_of_an_existing_volume_cannot_change()
    {
        var stored = TestApps.Create(spec => spec.Redis.Storage.StorageClassName = "fast");
        var updated = TestApps.Create(spec => spec.Redis.Storage.StorageClassName = "slow");
        var toDefault = TestApps.Create();

        var refusal = Assert.Single(validator.ValidateUpdate(stored, updated).Refusals);
        Assert.Equal(("spec.redis.storage.storageClassName", "ImmutableStorageClass"), (refusal.Field, refusal.Reason));
        Assert.Contains("StorageClass 'fast'", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("spec.redis.storage.storageClassName", Assert.Single(validator.ValidateUpdate(stored, toDefault).Refusals).Field);
    }

    [Theory]
    [InlineData("2Gi", "1Gi")]
    [InlineData("1Gi", "1000Mi")]
    [InlineData("1G", "999M")]
    public void The_volume_cannot_shrink(string before, string after)
    {
        var stored = TestApps.Create(spec => spec.Redis.Storage.Size = before);
        var updated = TestApps.Create(spec => spec.Redis.Storage.Size = after);

        var refusal = Assert.Single(validator.ValidateUpdate(stored, updated).Refusals);

        Assert.Equal(("spec.redis.storage.size", "StorageSizeDecrease"), (refusal.Field, refusal.Reason));
    }

    [Fact]
    public void A_larger_volume_or_the_same_size_written_otherwise_is_admitted_and_growth_names_the_step_to_take()
    {
        var stored = TestApps.Create(spec => spec.Redis.Storage.Size = "1Gi");

        var grown = validator.ValidateUpdate(stored, TestApps.Create(spec => spec.Redis.Storage.Size = "2Gi"));
        var rewritten = validator.ValidateUpdate(stored, TestApps.Create(spec => spec.Redis.Storage.Size = "1024Mi"));

        Assert.Empty(grown.Refusals);
        Assert.Contains("the operator expands the Redis PersistentVolumeClaims to 2Gi where their StorageClass allows expansion", Assert.Single(grown.Warnings), StringComparison.Ordinal);
        Assert.Empty(rewritten.Refusals);
        Assert.Empty(rewritten.Warnings);
    }

    [Fact]
    public void Without_a_volume_the_storage_settings_are_free_to_change()
    {
        var stored = TestApps.Create(spec =>
        {
            spec.Redis.Persistence = RedisPersistence.None;
            spec.Redis.Storage = new RedisStorageSpec { Size = "5Gi", StorageClassName = "fast" };
        });
        var updated = TestApps.Create(spec =>
        {
            spec.Redis.Persistence = RedisPersistence.None;
            spec.Redis.Storage = new RedisStorageSpec { Size = "1Gi", StorageClassName = "slow" };
        });

        var verdict = validator.ValidateUpdate(stored, updated);

        Assert.Empty(verdict.Refusals);
        Assert.Empty(verdict.Warnings);
    }

    [Fact]
    public void Another_persistence_is_admitted_with_the_step_that_applies_it()
    {
        var stored = TestApps.Create();
        var updated = TestApps.Create(spec => spec.Redis.Persistence = RedisPersistence.None);

        var verdict = validator.ValidateUpdate(stored, updated);

        Assert.Empty(verdict.Refusals);
        Assert.Contains("kubectl delete statefulset shop-redis", Assert.Single(verdict.Warnings), StringComparison.Ordinal);
    }
}
