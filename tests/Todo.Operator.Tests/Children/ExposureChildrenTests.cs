using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Children;

public sealed class ExposureChildrenTests
{
    [Fact]
    public void Ingress_is_wanted_only_when_enabled()
    {
        Assert.False(new TodoApiIngress().IsWanted(TestApps.Create()));
        Assert.True(new TodoApiIngress().IsWanted(TestApps.Create(spec => spec.Ingress.Enabled = true)));
    }

    [Fact]
    public void Plain_ingress_routes_the_host_to_the_api_service_through_traefik()
    {
        var app = TestApps.Create(spec => spec.Ingress = new IngressSpec { Enabled = true, Host = "todo.dev.example.com" });

        var ingress = (V1Ingress)new TodoApiIngress().Desired(app, Contexts.Current);

        Assert.Equal("traefik", ingress.Spec.IngressClassName);
        Assert.Null(ingress.Spec.Tls);
        Assert.Null(ingress.Metadata.Annotations);
        var rule = Assert.Single(ingress.Spec.Rules);
        Assert.Equal("todo.dev.example.com", rule.Host);
        var path = Assert.Single(rule.Http.Paths);
        Assert.Equal("/", path.Path);
        Assert.Equal("Prefix", path.PathType);
        Assert.Equal("shop-api", path.Backend.Service.Name);
        Assert.Equal(TodoApiService.PortName, path.Backend.Service.Port.Name);
        Assert.Equal("http://todo.dev.example.com/", TodoApiIngress.Url(app));
    }

    [Fact]
    public void Tls_ingress_uses_traefik_tls_entrypoint_and_cert_manager()
    {
        var app = TestApps.FullyFeatured();

        var ingress = (V1Ingress)new TodoApiIngress().Desired(app, Contexts.Current);

        Assert.Equal("true", ingress.Metadata.Annotations[TodoApiIngress.TraefikTlsAnnotation]);
        Assert.Equal("letsencrypt", ingress.Metadata.Annotations[TodoApiIngress.ClusterIssuerAnnotation]);
        Assert.False(ingress.Metadata.Annotations.ContainsKey(TodoApiIngress.IssuerAnnotation));
        var tls = Assert.Single(ingress.Spec.Tls);
        Assert.Equal(["todo.example.com"], tls.Hosts);
        Assert.Equal("shop-tls", tls.SecretName);
        Assert.Equal("https://todo.example.com/", TodoApiIngress.Url(app));
    }

    [Fact]
    public void Namespaced_issuer_and_own_secret_are_used_when_given()
    {
        var app = TestApps.Create(spec => spec.Ingress = new IngressSpec
        {
            Enabled = true,
            Host = "todo.example.com",
            ClassName = "nginx",
            Path = "/todo",
            Tls = new IngressTlsSpec { Issuer = "team-ca", SecretName = "todo-cert" },
        });

        var ingress = (V1Ingress)new TodoApiIngress().Desired(app, Contexts.Current);

        Assert.Equal("nginx", ingress.Spec.IngressClassName);
        Assert.Equal("team-ca", ingress.Metadata.Annotations[TodoApiIngress.IssuerAnnotation]);
        Assert.Equal("todo-cert", Assert.Single(ingress.Spec.Tls).SecretName);
        Assert.Equal("/todo", ingress.Spec.Rules[0].Http.Paths[0].Path);
    }

    /// <summary>The page calls the API relative to itself, so the advertised URL ends in a slash; the Prefix has none, so it matches "/todo" too.</summary>
    [Fact]
    public void A_path_prefix_is_routed_without_its_slash_and_advertised_with_one()
    {
        var app = TestApps.Create(spec => spec.Ingress = new IngressSpec { Enabled = true, Host = "todo.example.com", Path = "/todo/" });

        var ingress = (V1Ingress)new TodoApiIngress().Desired(app, Contexts.Current);

        Assert.Equal("/todo", ingress.Spec.Rules[0].Http.Paths[0].Path);
        Assert.Equal("http://todo.example.com/todo/", TodoApiIngress.Url(app));
        Assert.Equal("/todo", TodoApiIngress.PathBase(app));
        Assert.Null(TodoApiIngress.PathBase(TestApps.Create()));
    }

    [Fact]
    public void Url_is_absent_without_an_enabled_named_ingress()
    {
        Assert.Null(TodoApiIngress.Url(TestApps.Create()));
        Assert.Null(TodoApiIngress.Url(TestApps.Create(spec => spec.Ingress.Enabled = true)));
    }

    [Fact]
    public void Api_service_targets_the_http_and_management_ports_of_api_pods()
    {
        var service = (V1Service)new TodoApiService().Desired(TestApps.Create(), Contexts.Current);

        Assert.Equal("ClusterIP", service.Spec.Type);
        Assert.Null(service.Spec.ClusterIP);
        Assert.Equal("api", service.Spec.Selector["app.kubernetes.io/component"]);
        Assert.Equal(
            [("http", 80, "http"), ("management", 8081, "management")],
            service.Spec.Ports.Select(port => (port.Name, port.Port, port.TargetPort.Value)));
    }

    [Fact]
    public void Redis_service_is_headless()
    {
        var service = (V1Service)new RedisService().Desired(TestApps.Create(), Contexts.Current);

        Assert.Equal("None", service.Spec.ClusterIP);
        Assert.Equal("shop-redis", service.Metadata.Name);
        Assert.Equal("redis", service.Spec.Selector["app.kubernetes.io/component"]);
        Assert.Equal(6379, Assert.Single(service.Spec.Ports).Port);
    }
}
