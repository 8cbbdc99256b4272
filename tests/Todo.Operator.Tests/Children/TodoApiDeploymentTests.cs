using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Children;

public sealed class TodoApiDeploymentTests
{
    private static V1Deployment Build(TodoApp app) => (V1Deployment)new TodoApiDeployment().Desired(app, Contexts.Current);

    [Fact]
    public void Replicas_are_left_to_the_autoscaler()
    {
        Assert.Null(Build(TestApps.Create()).Spec.Replicas);
    }

    /// <summary>
    /// The autoscaler would raise a Deployment created with the default of 1 to its minimum at once. As the cluster holds it
    /// once created, even scaled since, it differs in nothing from its desired state: no apply for the initial count.
    /// </summary>
    [Fact]
    public void A_new_deployment_starts_at_the_autoscalers_minimum_which_is_no_part_of_its_desired_state()
    {
        var app = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 3, MaxReplicas = 6 });
        var child = new TodoApiDeployment();

        var created = (V1Deployment)DesiredChild.Compare(child, app, Contexts.Current, observed: null).Desired;
        created.Spec.Replicas = 5;
        var next = DesiredChild.Compare(child, app, Contexts.Current, created);

        Assert.Equal(3, ((V1Deployment)DesiredChild.Compare(child, app, Contexts.Current, observed: null).Desired).Spec.Replicas);
        Assert.Null(next.Difference);
        Assert.Null(((V1Deployment)next.Desired).Spec.Replicas);
    }

    [Fact]
    public void Replicas_follow_the_spec_without_autoscaling()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Autoscaling.Enabled = false;
            spec.Replicas = 3;
        });

        Assert.Equal(3, Build(app).Spec.Replicas);
    }

    [Fact]
    public void Replicas_default_to_one_without_autoscaling()
    {
        Assert.Equal(1, Build(TestApps.Create(spec => spec.Autoscaling.Enabled = false)).Spec.Replicas);
    }

    [Fact]
    public void Container_gets_redis_settings_with_the_password_from_the_secret()
    {
        var container = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers);
        var env = container.Env.ToDictionary(variable => variable.Name);

        Assert.Equal("registry.example.com/todo-api:1.2.3", container.Image);
        Assert.Equal("8080;8081", env["ASPNETCORE_HTTP_PORTS"].Value);
        Assert.Equal("shop-redis:6379", env["Redis__Endpoint"].Value);
        Assert.Equal("shop:", env["Redis__KeyPrefix"].Value);
        Assert.Null(env["Redis__Password"].Value);
        Assert.Equal("shop-redis-password", env["Redis__Password"].ValueFrom.SecretKeyRef.Name);
        Assert.Equal("password", env["Redis__Password"].ValueFrom.SecretKeyRef.Key);
        Assert.Equal([("http", 8080), ("management", 8081)], container.Ports.Select(port => (port.Name, port.ContainerPort)));
    }

    /// <summary>The Ingress routes to "http": probes, /metrics and /openapi must not be published through it (review #22).</summary>
    [Fact]
    public void Operational_endpoints_are_on_the_management_port_and_probed_there()
    {
        var container = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers);
        var env = container.Env.ToDictionary(variable => variable.Name);

        Assert.Equal("8081", env["Api__ManagementPort"].Value);
        Assert.Equal(("/healthz", "management"), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
        Assert.Equal(("/readyz", "management"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
    }

    [Fact]
    public void Api_pods_keep_serving_for_a_while_after_sigterm_so_a_rollout_drops_no_request()
    {
        var env = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers).Env.ToDictionary(variable => variable.Name);

        Assert.Equal("5", env["Api__ShutdownDelaySeconds"].Value);
    }

    [Fact]
    public void Behind_the_ingress_the_api_is_told_its_path_base_public_hosts_and_trusted_proxies()
    {
        var app = TestApps.Create(spec => spec.Ingress = new IngressSpec
        {
            Enabled = true,
            Host = "todo.example.com",
            Path = "/todo/",
            TrustedProxies = ["10.42.0.0/16"],
        });

        var env = Assert.Single(Build(app).Spec.Template.Spec.Containers).Env.ToDictionary(variable => variable.Name, variable => variable.Value);

        Assert.Equal("/todo", env["Api__PathBase"]);
        Assert.Equal("todo.example.com;shop-api;shop-api.team-a;shop-api.team-a.svc;shop-api.team-a.svc.cluster.local;localhost;127.0.0.1;[::1]", env["Api__PublicHosts"]);
        Assert.Equal("10.42.0.0/16", env["Api__TrustedProxies"]);
        Assert.DoesNotContain("Api__PathBase", Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers).Env.Select(variable => variable.Name));
    }

    /// <summary>
    /// Without the API's NetworkPolicy any pod of the cluster reaches the API, so the default trust of every private range
    /// would let any of them claim any client address (and so escape its rate limit) or scheme: only addresses narrower than
    /// a private range are passed on (#17 item 5). With the policy, only the ingress controller reaches the port.
    /// </summary>
    [Theory]
    [InlineData(false, new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7" }, "")]
    [InlineData(false, new[] { "0.0.0.0/0", "10.42.0.0/16", "::/0", "fd00:10:42::/64" }, "10.42.0.0/16;fd00:10:42::/64")]
    [InlineData(true, new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7" }, "10.0.0.0/8;172.16.0.0/12;192.168.0.0/16;fc00::/7")]
    public void Every_private_range_is_trusted_as_a_proxy_only_behind_the_network_policy(bool networkPolicy, string[] trusted, string passed)
    {
        var app = TestApps.Create(spec =>
        {
            spec.NetworkPolicy.Enabled = networkPolicy;
            spec.Ingress = new IngressSpec { Enabled = true, TrustedProxies = trusted };
        });

        var env = Assert.Single(Build(app).Spec.Template.Spec.Containers).Env.ToDictionary(variable => variable.Name, variable => variable.Value);

        Assert.Equal(passed, env["Api__TrustedProxies"]);
    }

    /// <summary>Without an Ingress host no public host is passed: the API then hands out relative links, never a Host or X-Forwarded-Host a client sent.</summary>
    [Fact]
    public void Without_an_ingress_host_no_public_host_is_passed()
    {
        var app = TestApps.Create(spec => spec.Ingress = new IngressSpec { Enabled = true });

        var env = Assert.Single(Build(app).Spec.Template.Spec.Containers).Env.Select(variable => variable.Name);

        Assert.DoesNotContain("Api__PublicHosts", env);
    }

    /// <summary>
    /// Each client gets a token bucket by default (#17 item 4), wherever the API can tell clients apart: not behind an
    /// Ingress whose proxies it does not trust, where every client would share one budget.
    /// </summary>
    [Theory]
    [InlineData(false, true, "50", "100")]
    [InlineData(true, true, "50", "100")]
    [InlineData(true, false, null, null)]
    public void A_per_client_rate_limit_is_set_by_default_where_clients_can_be_told_apart(bool ingress, bool networkPolicy, string? permits, string? burst)
    {
        var app = TestApps.Create(spec =>
        {
            spec.NetworkPolicy.Enabled = networkPolicy;
            spec.Ingress = new IngressSpec { Enabled = ingress };
        });

        var env = Assert.Single(Build(app).Spec.Template.Spec.Containers).Env.ToDictionary(variable => variable.Name, variable => variable.Value);

        Assert.Equal(permits, env.GetValueOrDefault("Api__RateLimit__PermitsPerSecond"));
        Assert.Equal(burst, env.GetValueOrDefault("Api__RateLimit__Burst"));
    }

    /// <summary>
    /// spec.rateLimit reaches the API as written (#17 item 4), also behind an Ingress whose proxies the API does not trust,
    /// where it is one budget for every client, which whoever sets it there asks for; without burst, two seconds' worth,
    /// never more than the API takes (it would refuse to start); 0 turns the limit off.
    /// </summary>
    [Theory]
    [InlineData(false, true, 200, null, "200", "400")]
    [InlineData(false, true, 10, 15, "10", "15")]
    [InlineData(true, false, 10, 15, "10", "15")]
    [InlineData(true, true, 600_000, null, "600000", "1000000")]
    [InlineData(false, true, 0, 20, null, null)]
    [InlineData(true, false, 0, null, null, null)]
    public void The_rate_limit_of_the_spec_reaches_the_api(bool ingress, bool networkPolicy, int permitsPerSecond, int? burst, string? permits, string? bucket)
    {
        var app = TestApps.Create(spec =>
        {
            spec.NetworkPolicy.Enabled = networkPolicy;
            spec.Ingress = new IngressSpec { Enabled = ingress };
            spec.RateLimit = new RateLimitSpec { PermitsPerSecond = permitsPerSecond, Burst = burst };
        });

        var env = Assert.Single(Build(app).Spec.Template.Spec.Containers).Env.ToDictionary(variable => variable.Name, variable => variable.Value);

        Assert.Equal(permits, env.GetValueOrDefault("Api__RateLimit__PermitsPerSecond"));
        Assert.Equal(bucket, env.GetValueOrDefault("Api__RateLimit__Burst"));
    }

    /// <summary>The spec's defaults (rateLimit: {}) give the API what an app without rateLimit gets: the same Deployment.</summary>
    [Fact]
    public void An_empty_rate_limit_is_the_default_limit()
    {
        var absent = Build(TestApps.Create());
        var empty = Build(TestApps.Create(spec => spec.RateLimit = new RateLimitSpec()));

        Assert.Equal(
            absent.Spec.Template.Spec.Containers[0].Env.Select(variable => (variable.Name, variable.Value)),
            empty.Spec.Template.Spec.Containers[0].Env.Select(variable => (variable.Name, variable.Value)));
    }

    [Fact]
    public void Password_comes_from_an_existing_secret_when_named()
    {
        var app = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "sealed-redis", Key = "redis-password" });

        var password = Assert.Single(Build(app).Spec.Template.Spec.Containers).Env.Single(variable => variable.Name == "Redis__Password");

        Assert.Equal("sealed-redis", password.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("redis-password", password.ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void Probes_check_liveness_and_readiness_every_ten_seconds()
    {
        var container = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers);

        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal(10, container.LivenessProbe.PeriodSeconds);
        Assert.Equal(10, container.ReadinessProbe.PeriodSeconds);
    }

    /// <summary>
    /// A new API pod (native AOT, up in about a tenth of a second) is probed every second until it answers, so it serves as
    /// soon as it can rather than at the readiness probe's next 10 s period; a slow start gets a minute before a restart.
    /// </summary>
    [Fact]
    public void A_new_pod_is_probed_every_second_until_it_has_started()
    {
        var startup = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers).StartupProbe;

        Assert.Equal(("/healthz", "management"), (startup.HttpGet.Path, startup.HttpGet.Port.Value));
        Assert.Equal((1, 1, 60), (startup.PeriodSeconds, startup.TimeoutSeconds, startup.FailureThreshold));
    }

    [Fact]
    public void Resources_come_from_the_spec()
    {
        var app = TestApps.Create(spec => spec.Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m") },
        });

        var resources = Assert.Single(Build(app).Spec.Template.Spec.Containers).Resources;

        Assert.Equal("250m", resources.Requests["cpu"].ToString());
    }

    [Fact]
    public void Pods_spread_over_nodes()
    {
        var spread = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.TopologySpreadConstraints);

        Assert.Equal("kubernetes.io/hostname", spread.TopologyKey);
        Assert.Equal(1, spread.MaxSkew);
        Assert.Equal("api", spread.LabelSelector.MatchLabels["app.kubernetes.io/component"]);
    }
}
