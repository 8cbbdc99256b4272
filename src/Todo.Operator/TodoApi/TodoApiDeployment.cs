using k8s;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Redis.Tls;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.TodoApi;

/// <summary>
/// The TODO API Deployment. Redis settings come from the environment (the password through a secretKeyRef), probes hit
/// the API's liveness and readiness endpoints, replicas are spread over nodes, and replicas is left unset while a
/// HorizontalPodAutoscaler owns it, but for a new Deployment, which starts at the autoscaler's minimum. It comes after Redis' StatefulSet, whose state decides the password version the API
/// runs with (<see cref="RedisClients.PasswordVersion"/>), and after the policies that protect its pods.
/// </summary>
internal sealed class TodoApiDeployment : ChildResource<V1Deployment>, IFieldHandover, IInitialFields
{
    public const int HttpPort = 8080;

    /// <summary>Probes, /metrics and /openapi: a port of their own, which no Ingress routes to.</summary>
    public const int ManagementPort = 8081;

    public const string HttpPortName = "http";
    public const string ManagementPortName = "management";

    /// <summary>How long a stopping pod keeps serving, while the ingress controller learns it is going.</summary>
    public const int ShutdownDelaySeconds = 5;

    public override IReadOnlyList<Dependency> DependsOn { get; } =
    [
        Dependency.On(nameof(DefaultDenyNetworkPolicy)),
        Dependency.On(nameof(TodoApiNetworkPolicy)),
        Dependency.On(nameof(RedisPassword)),
        Dependency.On(nameof(RedisPasswordSecret)),
        Dependency.On(nameof(RedisPasswordKeySecret)),
        Dependency.On(nameof(RedisService)),
        Dependency.On(nameof(RedisStatefulSet)),
        Dependency.On(nameof(RedisSentinelStatefulSet)),
        Dependency.On(nameof(RedisRestoreSource)),
        Dependency.On(nameof(RedisTlsCertificates)),
        Dependency.On(nameof(RedisTlsSecret)),
    ];

    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    protected override V1Deployment Build(TodoApp app, ChildContext context)
    {
        var selector = AppLabels.Selector(app, AppLabels.TodoApiComponent);
        var current = context.Observed(this, app);
        var passwordVersion = RedisClients.PasswordVersion(
            context.Result(RedisMembers.Password),
            [context.Observed(RedisMembers.StatefulSet, app), .. RedisTopology.UsesSentinel(app) ? [context.Observed(SentinelMembers.StatefulSet, app)] : Array.Empty<V1StatefulSet?>()],
            current?.Spec?.Template);
        var template = PodTemplates.Restricted(
            app,
            AppLabels.TodoApiComponent,
            RedisTls.WithVersion(RedisPasswordRules.Annotations(passwordVersion), context.Result(RedisMembers.Tls)),
            [RedisTls.WithFiles(app, Container(app, context.Result(RedisMembers.RestoreSource)))],
            [PodSecurity.ScratchVolume("tmp"), .. RedisTls.Volumes(app)]);
        template.Spec.TopologySpreadConstraints =
        [
            new V1TopologySpreadConstraint
            {
                MaxSkew = 1,
                TopologyKey = "kubernetes.io/hostname",
                WhenUnsatisfiable = "ScheduleAnyway",
                LabelSelector = new V1LabelSelector { MatchLabels = selector },
            },
        ];
        return new V1Deployment
        {
            Metadata = Metadata(app, AppLabels.TodoApiComponent),
            Spec = new V1DeploymentSpec
            {
                Replicas = TodoApiScale.DeploymentReplicas(app, current?.Spec?.Replicas),
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = template,
            },
        };
    }

    protected override ChildReadiness Readiness(TodoApp app, V1Deployment deployment) => WorkloadReadiness.Of(deployment, TodoApiScale.EnoughAvailable(app));

    public void AddInitialFields(TodoApp app, IKubernetesObject<V1ObjectMeta> desired) =>
        ((V1Deployment)desired).Spec.Replicas ??= TodoApiScale.InitialReplicas(app);

    public IKubernetesObject<V1ObjectMeta>? Handover(TodoApp app, IKubernetesObject<V1ObjectMeta> observed, string operatorManager)
    {
        var deployment = ObjectCopy.As<V1Deployment>(observed);
        if (!app.Spec.Autoscaling.Enabled
            || deployment.Spec?.Replicas is not { } replicas
            || !ManagedFields.Owns(deployment.Metadata, operatorManager, "f:spec", "f:replicas"))
        {
            return null;
        }

        return new V1Deployment
        {
            ApiVersion = Kind.Declared.ApiVersion,
            Kind = Kind.Declared.Kind,
            Metadata = new V1ObjectMeta { Name = deployment.Metadata.Name, NamespaceProperty = deployment.Metadata.NamespaceProperty },
            Spec = new V1DeploymentSpec { Replicas = replicas },
        };
    }

    private static V1Container Container(TodoApp app, RestoreSource? restored) => new()
    {
        Name = "api",
        Image = app.Spec.Image.ToString(),
        Ports =
        [
            new V1ContainerPort { Name = HttpPortName, ContainerPort = HttpPort, Protocol = "TCP" },
            new V1ContainerPort { Name = ManagementPortName, ContainerPort = ManagementPort, Protocol = "TCP" },
        ],
        Env =
        [
            new V1EnvVar { Name = "ASPNETCORE_HTTP_PORTS", Value = $"{HttpPort};{ManagementPort}" },
            new V1EnvVar { Name = "Api__ManagementPort", Value = Invariant(ManagementPort) },
            new V1EnvVar { Name = "Api__ShutdownDelaySeconds", Value = Invariant(ShutdownDelaySeconds) },
            .. RedisClients.Environment(app),
            .. RedisTls.ClientEnvironment(app),
            new V1EnvVar { Name = "Redis__KeyPrefix", Value = RedisClients.KeyPrefix(app, restored) },
            .. ExposureSettings(app),
            .. TodoApiRateLimit.Environment(app),
        ],
        // The API answers within about a tenth of a second of its start (native AOT): probing it every second until it
        // does lets a new pod serve at once instead of at the readiness probe's next period; until then liveness waits.
        StartupProbe = new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = ManagementPortName },
            PeriodSeconds = 1,
            TimeoutSeconds = 1,
            FailureThreshold = 60,
        },
        LivenessProbe = HttpProbe("/healthz"),
        ReadinessProbe = HttpProbe("/readyz"),
        Resources = app.Spec.Resources,
        SecurityContext = PodSecurity.Container(),
        VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = "/tmp" }],
    };

    /// <summary>
    /// Behind the Ingress: its path as the API's path base, the names the API may put into the URLs it hands out (the
    /// Ingress host and the Service's cluster names; any other Host gets 400 on /todos), only when a host is set (without
    /// one the API hands out relative links, never a host a client named), and the proxies whose X-Forwarded-* it honours
    /// (<see cref="TodoApiProxies"/>).
    /// </summary>
    private static IEnumerable<V1EnvVar> ExposureSettings(TodoApp app)
    {
        var ingress = app.Spec.Ingress;
        if (!ingress.Enabled)
        {
            yield break;
        }

        if (TodoApiIngress.PathBase(app) is { } pathBase)
        {
            yield return new V1EnvVar { Name = "Api__PathBase", Value = pathBase };
        }

        if (ingress.Host is { Length: > 0 } host)
        {
            var service = ChildNames.TodoApi(app);
            var ns = app.Metadata.NamespaceProperty;
            yield return new V1EnvVar
            {
                Name = "Api__PublicHosts",
                Value = string.Join(';', [host, service, $"{service}.{ns}", $"{service}.{ns}.svc", $"{service}.{ns}.svc.cluster.local", .. LoopbackHosts]),
            };
        }

        yield return new V1EnvVar { Name = "Api__TrustedProxies", Value = string.Join(';', TodoApiProxies.Trusted(app)) };
    }

    // `kubectl port-forward` passes on the client's own Host, a loopback name; a link to loopback can only send a
    // client to its own machine, never to a host someone else chose.
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static V1Probe HttpProbe(string path) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = ManagementPortName },
        PeriodSeconds = 10,
        TimeoutSeconds = 3,
        FailureThreshold = 3,
    };
}
