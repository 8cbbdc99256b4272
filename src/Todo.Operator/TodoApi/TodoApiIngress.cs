using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.TodoApi;

/// <summary>
/// The Ingress to the API (Traefik by default). With TLS it tells Traefik to serve the route on its TLS
/// entrypoint and, when an issuer is named, asks cert-manager for the certificate.
/// </summary>
internal sealed class TodoApiIngress : ChildResource<V1Ingress>
{
    public const string TraefikTlsAnnotation = "traefik.ingress.kubernetes.io/router.tls";
    public const string ClusterIssuerAnnotation = "cert-manager.io/cluster-issuer";
    public const string IssuerAnnotation = "cert-manager.io/issuer";

    /// <summary>Once there is something to route to: the Service, and the Deployment behind it.</summary>
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(TodoApiService)), Dependency.On(nameof(TodoApiDeployment))];

    public override string ObjectName(TodoApp app) => app.Metadata.Name;

    public override bool IsWanted(TodoApp app) => app.Spec.Ingress.Enabled;

    protected override V1Ingress Build(TodoApp app, ChildContext context)
    {
        var ingress = app.Spec.Ingress;
        return new V1Ingress
        {
            Metadata = Metadata(app, AppLabels.TodoApiComponent, Annotations(ingress.Tls)),
            Spec = new V1IngressSpec
            {
                IngressClassName = ingress.ClassName,
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = ingress.Host,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = PathBase(app) ?? "/",
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend
                                        {
                                            Name = ChildNames.TodoApi(app),
                                            Port = new V1ServiceBackendPort { Name = TodoApiService.PortName },
                                        },
                                    },
                                },
                            ],
                        },
                    },
                ],
                Tls = ingress.Tls is { } tls
                    ? [new V1IngressTLS { Hosts = ingress.Host is null ? null : [ingress.Host], SecretName = tls.SecretName ?? ChildNames.TlsSecret(app) }]
                    : null,
            },
        };
    }

    /// <summary>
    /// Where the app is reachable through the Ingress, or null when it is not exposed by name; always with a trailing slash,
    /// since the web page calls the API relative to itself.
    /// </summary>
    public static string? Url(TodoApp app) => app.Spec.Ingress switch
    {
        { Enabled: true, Host: { Length: > 0 } host, Tls: var tls } => $"{(tls is null ? "http" : "https")}://{host}{PathBase(app)}/",
        _ => null,
    };

    /// <summary>spec.ingress.path without its trailing slash (the Prefix "/todo" matches "/todo" and "/todo/..."), or null for "/".</summary>
    public static string? PathBase(TodoApp app) => app.Spec.Ingress.Path.TrimEnd('/') is { Length: > 0 } path ? path : null;

    private static Dictionary<string, string> Annotations(IngressTlsSpec? tls)
    {
        var annotations = new Dictionary<string, string>();
        if (tls is null)
        {
            return annotations;
        }

        annotations[TraefikTlsAnnotation] = "true";
        if (tls.ClusterIssuer is { Length: > 0 } clusterIssuer)
        {
            annotations[ClusterIssuerAnnotation] = clusterIssuer;
        }

        if (tls.Issuer is { Length: > 0 } issuer)
        {
            annotations[IssuerAnnotation] = issuer;
        }

        return annotations;
    }
}
