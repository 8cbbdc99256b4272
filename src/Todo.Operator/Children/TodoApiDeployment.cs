using k8s;
using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Children;

/// <summary>
/// The TODO API Deployment. Redis settings come from the environment (the password through a
/// secretKeyRef), probes hit the API's liveness and readiness endpoints, replicas are spread over nodes,
/// and replicas is left unset while a HorizontalPodAutoscaler owns it.
/// </summary>
internal sealed class TodoApiDeployment : ChildResource<V1Deployment>, IFieldHandover
{
    public const int HttpPort = 8080;

    public override ApplyPhase Phase => ApplyPhase.Workloads;

    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    protected override V1Deployment Build(TodoApp app, ChildContext context)
    {
        var selector = AppLabels.Selector(app, AppLabels.TodoApiComponent);
        return new V1Deployment
        {
            Metadata = Metadata(app, AppLabels.TodoApiComponent),
            Spec = new V1DeploymentSpec
            {
                Replicas = TodoApiScale.DeploymentReplicas(app, context.CurrentApiReplicas),
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = AppLabels.For(app, AppLabels.TodoApiComponent),
                        Annotations = ChildContext.PasswordVersion(context.ApiRedisPasswordVersion),
                    },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = PodSecurity.Pod(),
                        Containers = [Container(app)],
                        Volumes = [PodSecurity.ScratchVolume("tmp")],
                        TopologySpreadConstraints =
                        [
                            new V1TopologySpreadConstraint
                            {
                                MaxSkew = 1,
                                TopologyKey = "kubernetes.io/hostname",
                                WhenUnsatisfiable = "ScheduleAnyway",
                                LabelSelector = new V1LabelSelector { MatchLabels = selector },
                            },
                        ],
                    },
                },
            },
        };
    }

    protected override ChildReadiness Readiness(V1Deployment deployment) => WorkloadReadiness.Of(deployment);

    public IKubernetesObject<V1ObjectMeta>? Handover(TodoApp app, IKubernetesObject<V1ObjectMeta> observed, string operatorManager)
    {
        var deployment = Observed.As<V1Deployment>(observed);
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

    private static V1Container Container(TodoApp app)
    {
        var password = RedisPassword.Reference(app);
        return new V1Container
        {
            Name = "api",
            Image = app.Spec.Image.ToString(),
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = HttpPort, Protocol = "TCP" }],
            Env =
            [
                new V1EnvVar { Name = "ASPNETCORE_HTTP_PORTS", Value = HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                new V1EnvVar { Name = "Redis__Endpoint", Value = RedisService.Endpoint(app) },
                new V1EnvVar
                {
                    Name = "Redis__Password",
                    ValueFrom = new V1EnvVarSource
                    {
                        SecretKeyRef = new V1SecretKeySelector { Name = password.Name, Key = password.Key },
                    },
                },
                new V1EnvVar { Name = "Redis__KeyPrefix", Value = $"{app.Metadata.Name}:" },
            ],
            LivenessProbe = HttpProbe("/healthz"),
            ReadinessProbe = HttpProbe("/readyz"),
            Resources = app.Spec.Resources,
            SecurityContext = PodSecurity.Container(),
            VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = "/tmp" }],
        };
    }

    private static V1Probe HttpProbe(string path) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "http" },
        PeriodSeconds = 10,
        TimeoutSeconds = 3,
        FailureThreshold = 3,
    };
}
