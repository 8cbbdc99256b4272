using k8s;
using k8s.Models;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Reconciliation;

public sealed class DesiredStateDiffTests
{
    [Fact]
    public void An_object_as_the_server_returns_it_after_apply_matches_its_desired_state()
    {
        var desired = DesiredDeployment();
        var observed = AsServerReturnsIt(desired);

        Assert.Null(DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void A_field_changed_by_someone_else_is_a_difference()
    {
        var desired = DesiredDeployment();
        var observed = AsServerReturnsIt(desired);
        observed.Spec.Template.Spec.Containers[0].Image = "evil.example.com/miner:1.0";

        Assert.Equal("$.spec.template.spec.containers[0].image", DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void A_field_removed_by_someone_else_is_a_difference()
    {
        var desired = DesiredDeployment();
        var observed = AsServerReturnsIt(desired);
        observed.Spec.Template.Spec.SecurityContext = null;

        Assert.Equal("$.spec.template.spec.securityContext", DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void A_container_added_by_someone_else_is_a_difference()
    {
        var desired = DesiredDeployment();
        var observed = AsServerReturnsIt(desired);
        observed.Spec.Template.Spec.Containers.Add(new V1Container { Name = "sidecar", Image = "busybox:1.36" });

        Assert.Equal("$.spec.template.spec.containers", DesiredStateDiff.FirstDifference(desired, observed));
    }

    /// <summary>
    /// An apply over a Deployment an earlier operator version wrote keeps the live env items where they were and merges new
    /// ones in elsewhere (the upgrade test saw an apply after every reconcile): named items are matched by name.
    /// </summary>
    [Fact]
    public void Named_items_the_server_holds_in_another_order_are_no_difference()
    {
        var desired = DesiredDeployment();
        var observed = AsServerReturnsIt(desired);
        var env = observed.Spec.Template.Spec.Containers[0].Env;
        var moved = env[1];
        env.RemoveAt(1);
        env.Add(moved);

        Assert.Null(DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void A_named_item_renamed_by_someone_else_is_a_difference()
    {
        var desired = DesiredDeployment();
        var observed = AsServerReturnsIt(desired);
        observed.Spec.Template.Spec.Containers[0].Env[1].Name = "SOMETHING_ELSE";

        Assert.Equal("$.spec.template.spec.containers[0].env[1]", DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void Quantities_the_server_rewrote_into_canonical_form_are_equal()
    {
        var desired = DesiredDeployment();
        desired.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("0.5"), ["memory"] = new("128Mi") },
        };
        var observed = AsServerReturnsIt(desired);
        observed.Spec.Template.Spec.Containers[0].Resources.Requests["cpu"] = new ResourceQuantity("500m");

        Assert.Null(DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void A_changed_quantity_is_a_difference()
    {
        var desired = DesiredDeployment();
        desired.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
        };
        var observed = AsServerReturnsIt(desired);
        observed.Spec.Template.Spec.Containers[0].Resources.Limits["memory"] = new ResourceQuantity("1Gi");

        Assert.Equal("$.spec.template.spec.containers[0].resources.limits.memory", DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void Fields_only_the_server_or_other_managers_set_are_ignored()
    {
        var desired = DesiredDeployment();
        var observed = AsServerReturnsIt(desired);
        observed.Metadata.Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "3" };
        observed.Metadata.Labels["team"] = "payments";
        observed.Status = new V1DeploymentStatus { Replicas = 2, ReadyReplicas = 1 };

        Assert.Null(DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void A_changed_secret_value_is_a_difference()
    {
        var child = new RedisPasswordSecret();
        var desired = child.Desired(TestApps.Create(), Contexts.Current);
        var observed = (V1Secret)child.Desired(TestApps.Create(), Contexts.Current.With(RedisMembers.Password, ResolvedPassword.FromGenerated("another-password")));

        Assert.Equal("$.data.password", DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void A_label_changed_by_someone_else_is_a_difference()
    {
        var desired = DesiredDeployment();
        var observed = AsServerReturnsIt(desired);
        observed.Metadata.Labels["app.kubernetes.io/managed-by"] = "helm";

        Assert.Equal("$.metadata.labels.app.kubernetes.io/managed-by", DesiredStateDiff.FirstDifference(desired, observed));
    }

    [Fact]
    public void A_field_the_spec_no_longer_asks_for_is_a_difference_once_stamped()
    {
        var ingress = new TodoApiIngress();
        var withTls = ingress.Desired(TestApps.FullyFeatured(), Contexts.Current);
        DesiredStateHash.Stamp(withTls);
        var observed = KubernetesJson.Deserialize<V1Ingress>(KubernetesJson.Serialize(withTls));
        var app = TestApps.FullyFeatured();
        app.Spec.Ingress.Tls = null;

        var withoutTls = ingress.Desired(app, Contexts.Current);
        DesiredStateHash.Stamp(withoutTls);

        Assert.Null(DesiredStateDiff.FirstDifference(withTls, observed));
        Assert.Equal($"$.metadata.annotations.{DesiredStateHash.Annotation}", DesiredStateDiff.FirstDifference(withoutTls, observed));
    }

    [Fact]
    public void Stamping_is_deterministic_and_ignores_a_previous_stamp()
    {
        var first = DesiredDeployment();
        var second = DesiredDeployment();
        DesiredStateHash.Stamp(first);
        DesiredStateHash.Stamp(second);
        var hash = first.Metadata.Annotations[DesiredStateHash.Annotation];

        DesiredStateHash.Stamp(first);

        Assert.Equal(hash, second.Metadata.Annotations[DesiredStateHash.Annotation]);
        Assert.Equal(hash, first.Metadata.Annotations[DesiredStateHash.Annotation]);
        Assert.Matches("^[0-9a-f]{16}$", hash);
    }

    private static V1Deployment DesiredDeployment() =>
        (V1Deployment)new TodoApiDeployment().Desired(TestApps.FullyFeatured(), Contexts.Current);

    /// <summary>A round trip through JSON plus what the API server adds: defaults, metadata, status.</summary>
    private static V1Deployment AsServerReturnsIt(V1Deployment desired)
    {
        var observed = KubernetesJson.Deserialize<V1Deployment>(KubernetesJson.Serialize(desired));
        observed.Metadata.Uid = "b1a0c1f4-0000-4000-8000-000000000002";
        observed.Metadata.ResourceVersion = "4711";
        observed.Metadata.Generation = 1;
        observed.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "todo-operator", Operation = "Apply" }];
        observed.Spec.RevisionHistoryLimit = 10;
        observed.Spec.ProgressDeadlineSeconds = 600;
        observed.Spec.Template.Spec.RestartPolicy = "Always";
        observed.Spec.Template.Spec.DnsPolicy = "ClusterFirst";
        observed.Spec.Template.Spec.Containers[0].TerminationMessagePath = "/dev/termination-log";
        observed.Spec.Template.Spec.Containers[0].ImagePullPolicy = "IfNotPresent";
        return observed;
    }
}
