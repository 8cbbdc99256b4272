using System.Text.RegularExpressions;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;
using Todo.Operator.TodoApi.Monitoring;

namespace Todo.Operator.Tests.Children;

public sealed class TodoApiServiceMonitorTests
{
    private static readonly TodoApiServiceMonitor Child = new();

    [Fact]
    public void It_scrapes_the_metrics_path_of_the_api_service_port_at_the_configured_interval()
    {
        var app = TestApps.Create(spec => spec.Monitoring = new MonitoringSpec { Enabled = true, Interval = "15s" });

        var monitor = (V1ServiceMonitor)Child.Desired(app, Contexts.Current);

        Assert.Equal(("monitoring.coreos.com/v1", "ServiceMonitor", "shop-api"), (monitor.ApiVersion, monitor.Kind, monitor.Metadata.Name));
        var endpoint = Assert.Single(monitor.Spec.Endpoints);
        Assert.Equal(("management", "/metrics", "15s"), (endpoint.Port, endpoint.Path, endpoint.Interval));
    }

    /// <summary>
    /// Contract 2: the redis_exporter sidecar is scraped by the same ServiceMonitor. It selects the app's two Services; each
    /// endpoint names a port only one of them has, so each target is scraped once.
    /// </summary>
    [Fact]
    public void With_the_exporter_it_scrapes_the_api_management_port_and_the_redis_metrics_port()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Monitoring.Enabled = true;
            spec.Redis.Exporter.Enabled = true;
        });
        var monitor = (V1ServiceMonitor)Child.Desired(app, Contexts.Current);
        var api = (V1Service)new TodoApiService().Desired(app, Contexts.Current);
        var redis = (V1Service)new RedisService().Desired(app, Contexts.Current);

        bool Selects(V1Service service) => monitor.Spec.Selector.MatchLabels.All(label => service.Metadata.Labels.TryGetValue(label.Key, out var value) && value == label.Value);
        IEnumerable<string?> Scraped(V1Service service) => monitor.Spec.Endpoints.Select(endpoint => endpoint.Port).Where(port => service.Spec.Ports.Any(p => p.Name == port));

        Assert.True(Selects(api) && Selects(redis));
        Assert.Equal(["management"], Scraped(api));
        Assert.Equal(["metrics"], Scraped(redis));
        Assert.Equal(9121, Assert.Single(redis.Spec.Ports, port => port.Name == "metrics").Port);
        var another = TestApps.Create();
        another.Metadata.Name = "another";
        Assert.False(Selects((V1Service)new TodoApiService().Desired(another, Contexts.Current)));
    }

    [Fact]
    public void It_is_wanted_only_when_the_spec_asks_for_monitoring()
    {
        Assert.False(Child.IsWanted(TestApps.Create()));
        Assert.True(Child.IsWanted(TestApps.Create(spec => spec.Monitoring.Enabled = true)));
    }

    [Fact]
    public void It_is_an_optional_kind_that_clusters_without_the_prometheus_operator_lack()
    {
        Assert.True(Child.Kind.Optional);
        Assert.Equal(("monitoring.coreos.com", "v1", "servicemonitors"), (Child.Kind.Declared.Group, Child.Kind.Declared.Version, Child.Kind.Declared.Plural));
        Assert.Null(TestClusters.Kubernetes120.Resolve(Child.Kind));
    }

    [Theory]
    [InlineData("30s", true)]
    [InlineData("1m30s", true)]
    [InlineData("500ms", true)]
    [InlineData("30", false)]
    [InlineData("30 s", false)]
    [InlineData("", false)]
    public void The_interval_is_a_prometheus_duration(string interval, bool valid)
    {
        var accepted = interval.Length >= 2 && Regex.IsMatch(interval, MonitoringSpec.IntervalPattern);

        Assert.Equal(valid, accepted);
    }
}
