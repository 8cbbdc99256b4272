using System.Text.Json;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Children;

public sealed class TodoApiDeploymentHandoverTests
{
    private const string Operator = "todo-operator";

    [Fact]
    public void Replicas_the_operator_set_are_kept_when_the_autoscaler_takes_over()
    {
        var kept = Assert.IsType<V1Deployment>(new TodoApiDeployment().Handover(TestApps.FullyFeatured(), Observed(replicas: 4, Operator, "Apply"), Operator));

        Assert.Equal(4, kept.Spec.Replicas);
        Assert.Equal(("shop-api", "team-a"), (kept.Metadata.Name, kept.Metadata.NamespaceProperty));
        Assert.Null(kept.Spec.Template);
    }

    [Fact]
    public void Nothing_is_handed_over_while_the_operator_keeps_setting_replicas()
    {
        var app = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = false });

        Assert.Null(new TodoApiDeployment().Handover(app, Observed(replicas: 4, Operator, "Apply"), Operator));
    }

    [Fact]
    public void Nothing_is_handed_over_once_another_manager_owns_replicas()
    {
        Assert.Null(new TodoApiDeployment().Handover(TestApps.FullyFeatured(), Observed(replicas: 4, "kube-controller-manager", "Update"), Operator));
    }

    /// <summary>The cache keeps the operator's own managedFields entries two levels deep: enough for this question.</summary>
    [Theory]
    [InlineData("todo-operator", "Apply", true)]
    [InlineData("kube-controller-manager", "Update", false)]
    public void The_cached_copy_trimmed_of_managed_fields_still_answers_who_owns_replicas(string manager, string operation, bool handedOver)
    {
        var cached = CacheTrim.Trim(Observed(replicas: 4, manager, operation), Operator);

        Assert.Equal(handedOver, new TodoApiDeployment().Handover(TestApps.FullyFeatured(), cached, Operator) is not null);
    }

    private static V1Deployment Observed(int replicas, string manager, string operation) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "shop-api",
            NamespaceProperty = "team-a",
            ManagedFields =
            [
                new V1ManagedFieldsEntry
                {
                    Manager = manager,
                    Operation = operation,
                    FieldsType = "FieldsV1",
                    FieldsV1 = JsonDocument.Parse("""{"f:spec":{"f:replicas":{},"f:template":{}}}""").RootElement,
                },
            ],
        },
        Spec = new V1DeploymentSpec { Replicas = replicas },
    };
}
