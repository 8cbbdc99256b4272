using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Children;

/// <summary>A StatefulSet's volume claim template cannot change: the desired state keeps it and says what waits.</summary>
public sealed class RedisStatefulSetImmutableTests
{
    private static readonly RedisStatefulSet Child = new();

    [Fact]
    public void An_unchanged_storage_spec_keeps_the_desired_state_as_built()
    {
        var app = WithStorage("2Gi", "fast");
        var desired = Child.Desired(app, Contexts.Current);

        var (kept, notApplied) = Child.KeepImmutable(app, Contexts.Current, desired, Child.Desired(WithStorage("2048Mi", "fast"), Contexts.Current));

        Assert.Null(DesiredStateDiff.FirstDifference(desired, kept));
        Assert.Null(notApplied);
    }

    /// <summary>The API server returns labels sorted: the same labels in another order must not change the desired-state hash (one write per reconcile).</summary>
    [Fact]
    public void The_claim_template_as_the_server_returns_it_gives_the_same_desired_state_hash()
    {
        var app = WithStorage("1Gi", null);
        var fresh = Child.Desired(app, Contexts.Current);
        var observed = (V1StatefulSet)Child.Desired(app, Contexts.Current);
        var template = observed.Spec.VolumeClaimTemplates.Single();
        template.Metadata.Labels = template.Metadata.Labels.OrderBy(label => label.Key, StringComparer.Ordinal).ToDictionary();

        var (kept, _) = Child.KeepImmutable(app, Contexts.Current, Child.Desired(app, Contexts.Current), observed);

        DesiredStateHash.Stamp(fresh);
        DesiredStateHash.Stamp(kept);
        Assert.Equal(fresh.Metadata.Annotations[DesiredStateHash.Annotation], kept.Metadata.Annotations[DesiredStateHash.Annotation]);
    }

    /// <summary>A claim template from before this operator version: the instance label and no uid, which the API server would not let change.</summary>
    [Fact]
    public void The_claim_template_keeps_its_labels_and_annotations_as_they_stand()
    {
        var observed = (V1StatefulSet)Child.Desired(WithStorage("1Gi", null), Contexts.Current);
        var template = observed.Spec.VolumeClaimTemplates.Single();
        template.Metadata.Labels = new Dictionary<string, string> { ["app.kubernetes.io/instance"] = "shop", ["app.kubernetes.io/name"] = "todo" };
        template.Metadata.Annotations = null;
        var app = WithStorage("1Gi", null);
        app.Spec.Image.Tag = "2.0.0";

        var (kept, notApplied) = Child.KeepImmutable(app, Contexts.Current, Child.Desired(app, Contexts.Current), observed);

        var claim = Assert.Single(((V1StatefulSet)kept).Spec.VolumeClaimTemplates);
        Assert.Equal(template.Metadata.Labels, claim.Metadata.Labels);
        Assert.Null(claim.Metadata.Annotations);
        Assert.Null(notApplied);
    }

    /// <summary>
    /// A StatefulSet from before the claims' selector keeps its selector with the instance label, and its pods their labels,
    /// so that upgrading the operator restarts no Redis pod; that is how older apps stay, not a change that waits.
    /// </summary>
    [Fact]
    public void A_stateful_set_made_before_keeps_its_selector_and_its_pods_their_labels()
    {
        var app = TestApps.Create();
        var earlier = AppLabels.Selector(app, AppLabels.RedisComponent);
        var observed = (V1StatefulSet)Child.Desired(app, Contexts.Current);
        observed.Spec.Selector.MatchLabels = earlier.OrderBy(label => label.Key, StringComparer.Ordinal).ToDictionary();
        observed.Spec.Template.Metadata.Labels = AppLabels.For(app, AppLabels.RedisComponent);

        var (kept, notApplied) = Child.KeepImmutable(app, Contexts.Current, Child.Desired(app, Contexts.Current), observed);

        var statefulSet = (V1StatefulSet)kept;
        // In the order earlier versions built it, which their desired-state hash was taken in.
        Assert.Equal(earlier.ToList(), statefulSet.Spec.Selector.MatchLabels.ToList());
        Assert.Equal(AppLabels.For(app, AppLabels.RedisComponent).ToList(), statefulSet.Spec.Template.Metadata.Labels.ToList());
        Assert.Null(DesiredStateDiff.FirstDifference(statefulSet, observed));
        Assert.Null(notApplied);
    }

    [Fact]
    public void A_size_the_expanded_claim_already_has_is_no_change_to_warn_about()
    {
        var observed = Child.Desired(WithStorage("1Gi", null), Contexts.Current);
        var app = WithStorage("5Gi", null);
        var claim = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data-shop-redis-0" },
            Spec = new V1PersistentVolumeClaimSpec
            {
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("5Gi") } },
            },
        };
        var expanded = Contexts.Current.With(RedisMembers.ClaimGuard, new RedisClaims([claim]));

        var (kept, notApplied) = Child.KeepImmutable(app, expanded, Child.Desired(app, expanded), observed);

        Assert.Equal("1Gi", Assert.Single(((V1StatefulSet)kept).Spec.VolumeClaimTemplates).Spec.Resources.Requests["storage"].ToString());
        Assert.Null(notApplied);
    }

    [Fact]
    public void A_new_size_keeps_the_existing_claim_template_and_says_the_claims_are_expanded()
    {
        var observed = Child.Desired(WithStorage("1Gi", null), Contexts.Current);
        var app = WithStorage("5Gi", null);
        app.Spec.Image.Tag = "2.0.0";

        var (kept, notApplied) = Child.KeepImmutable(app, Contexts.Current, Child.Desired(app, Contexts.Current), observed);

        var claim = Assert.Single(((V1StatefulSet)kept).Spec.VolumeClaimTemplates);
        Assert.Equal("1Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Contains("The operator expands PersistentVolumeClaim data-shop-redis-0 to 5Gi where the StorageClass allows it", notApplied, StringComparison.Ordinal);
    }

    [Fact]
    public void Switching_persistence_off_keeps_the_volume_and_says_to_recreate_the_stateful_set()
    {
        var observed = Child.Desired(WithStorage("1Gi", null), Contexts.Current);
        var app = TestApps.Create(spec => spec.Redis.Persistence = RedisPersistence.None);

        var (kept, notApplied) = Child.KeepImmutable(app, Contexts.Current, Child.Desired(app, Contexts.Current), observed);

        var statefulSet = (V1StatefulSet)kept;
        Assert.Single(statefulSet.Spec.VolumeClaimTemplates);
        Assert.Equal("yes", statefulSet.Spec.Template.Spec.Containers[0].Args[statefulSet.Spec.Template.Spec.Containers[0].Args.IndexOf("--appendonly") + 1]);
        Assert.Contains("from AOF to None", notApplied, StringComparison.Ordinal);
    }

    private static TodoApp WithStorage(string size, string? storageClass) =>
        TestApps.Create(spec => spec.Redis.Storage = new RedisStorageSpec { Size = size, StorageClassName = storageClass });
}
