using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.Tests.Support;

internal static class TestApps
{
    public const string Name = "shop";
    public const string Namespace = "team-a";
    public const string Uid = "7f1c2a9e-0000-4000-8000-000000000001";

    /// <summary>A TodoApp as the API server returns it: defaults applied, uid and generation set.</summary>
    public static TodoApp Create(Action<TodoAppSpec>? configure = null)
    {
        var app = new TodoApp
        {
            Metadata = new V1ObjectMeta
            {
                Name = Name,
                NamespaceProperty = Namespace,
                Uid = Uid,
                Generation = 3,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/instance"] = "argocd-app-name" },
                Annotations = new Dictionary<string, string> { ["argocd.argoproj.io/tracking-id"] = "gitops:todo.gitops.dev/TodoApp:team-a/shop" },
            },
            Spec = new TodoAppSpec { Image = new ImageReference { Repository = "registry.example.com/todo-api", Tag = "1.2.3" } },
        };
        configure?.Invoke(app.Spec);
        return app;
    }

    /// <summary>Every optional child switched on: ingress with TLS and an issuer, two or more replicas.</summary>
    public static TodoApp FullyFeatured() => Create(spec =>
    {
        spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 2, MaxReplicas = 10 };
        spec.Ingress = new IngressSpec
        {
            Enabled = true,
            Host = "todo.example.com",
            Tls = new IngressTlsSpec { ClusterIssuer = "letsencrypt" },
        };
    });

    /// <summary>A fully featured app whose Redis uses TLS, from the operator's CA or, with <paramref name="issuer"/>, from cert-manager.</summary>
    public static TodoApp WithRedisTls(RedisTlsIssuerReference? issuer = null)
    {
        var app = FullyFeatured();
        app.Spec.Redis.Tls = new RedisTlsSpec { Enabled = true, IssuerRef = issuer };
        return app;
    }

    public static V1Condition? Condition(this TodoApp app, string type) =>
        app.Status?.Conditions?.FirstOrDefault(condition => condition.Type == type);
}
