using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Tests;

public sealed class ClientParsingTests
{
    private static readonly ResourceType Deployments = new("apps", "v1", "Deployment", "deployments");
    private static readonly ResourceType Secrets = new(string.Empty, "v1", "Secret", "secrets");
    private static readonly ResourceType Autoscalers = new("autoscaling", "v2beta2", "HorizontalPodAutoscaler", "horizontalpodautoscalers");

    [Fact]
    public void Core_group_paths_live_under_api_and_others_under_apis()
    {
        Assert.Equal("api/v1/namespaces/team-a/secrets/redis", ResourcePath.Item(Secrets, "team-a", "redis"));
        Assert.Equal("apis/autoscaling/v2beta2/namespaces/team-a/horizontalpodautoscalers/shop", ResourcePath.Item(Autoscalers, "team-a", "shop"));
        Assert.Equal("apis/apps/v1/deployments", ResourcePath.Collection(Deployments, null));
        Assert.Equal("apis/todo.gitops.dev/v1alpha1/namespaces/x/todoapps/shop/status", ResourcePath.Item(new("todo.gitops.dev", "v1alpha1", "TodoApp", "todoapps"), "x", "shop", "status"));
    }

    [Fact]
    public void Namespaced_items_need_a_namespace()
    {
        var error = Assert.Throws<ArgumentException>(() => ResourcePath.Item(Secrets, null, "redis"));
        Assert.Contains("namespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_values_are_escaped_and_empty_ones_dropped()
    {
        Assert.Equal(
            "apis/apps/v1/deployments?watch=true&labelSelector=app.kubernetes.io%2Fmanaged-by%3Dtodo-operator",
            ResourcePath.WithQuery("apis/apps/v1/deployments", [new("watch", "true"), new("resourceVersion", null), new("labelSelector", "app.kubernetes.io/managed-by=todo-operator")]));
    }

    [Fact]
    public void Watch_lines_become_typed_events_with_their_kind()
    {
        var line = """{"type":"MODIFIED","object":{"metadata":{"name":"shop","namespace":"team-a","resourceVersion":"7"},"spec":{"replicas":2}}}""";

        var watchEvent = WatchStreamReader.Parse<V1Deployment>(line, Deployments);

        Assert.Equal(WatchEventType.Modified, watchEvent.Type);
        Assert.NotNull(watchEvent.Object);
        Assert.Equal(2, watchEvent.Object.Spec.Replicas);
        Assert.Equal("apps/v1", watchEvent.Object.ApiVersion);
        Assert.Equal("Deployment", watchEvent.Object.Kind);
    }

    [Fact]
    public void A_410_in_the_stream_is_a_distinct_exception_and_other_errors_are_not_swallowed()
    {
        var gone = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}""";
        var forbidden = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"forbidden","code":403}}""";

        Assert.Throws<ResourceExpiredException>(() => WatchStreamReader.Parse<V1Deployment>(gone, Deployments));
        Assert.Equal(403, Assert.Throws<KubernetesException>(() => WatchStreamReader.Parse<V1Deployment>(forbidden, Deployments)).Status.Code);
    }
}
