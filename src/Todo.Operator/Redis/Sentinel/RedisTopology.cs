using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The shape of an app's Redis in Sentinel mode: how many data pods and Sentinels, the name the Sentinels know the primary
/// by, and the stable DNS names through which the pods find each other (a pod's IP changes when it is recreated; its name
/// under its StatefulSet's headless Service does not).
/// </summary>
internal static class RedisTopology
{
    public const int SentinelPort = 26379;

    public static bool UsesSentinel(TodoApp app) => app.Spec.Redis.Mode is RedisMode.Sentinel;

    /// <summary>The Redis data pods: one in Standalone mode, spec.redis.replicas (default 3) in Sentinel mode.</summary>
    public static int DataPods(TodoApp app) => UsesSentinel(app) ? app.Spec.Redis.Replicas ?? RedisSpec.DefaultReplicas : 1;

    public static RedisSentinelSpec Sentinels(TodoApp app) => app.Spec.Redis.Sentinel ?? new RedisSentinelSpec();

    /// <summary>The <c>sentinel monitor</c> name, which the API asks the Sentinels about.</summary>
    public static string PrimaryName(TodoApp app) => ChildNames.Redis(app);

    /// <summary>What every data pod's DNS name ends with: the headless Service in the app's namespace.</summary>
    public static string DataDomain(TodoApp app) => $"{ChildNames.Redis(app)}.{app.Metadata.NamespaceProperty}.svc";

    public static string SentinelDomain(TodoApp app) => $"{ChildNames.RedisSentinel(app)}.{app.Metadata.NamespaceProperty}.svc";

    public static string DataHost(TodoApp app, int ordinal) => $"{ChildNames.Redis(app)}-{ordinal}.{DataDomain(app)}";

    public static IEnumerable<string> SentinelHosts(TodoApp app) =>
        Enumerable.Range(0, Sentinels(app).Count).Select(ordinal => $"{ChildNames.RedisSentinel(app)}-{ordinal}.{SentinelDomain(app)}");

    /// <summary>
    /// At most one pod of <paramref name="component"/> more on any node than on another, never placed against it
    /// (DoNotSchedule): with at least as many nodes as pods each pod gets a node of its own, so no node takes two copies of the
    /// data or two Sentinel votes with it; with fewer nodes the skew still holds and pods share nodes evenly instead of waiting.
    /// </summary>
    public static V1TopologySpreadConstraint SpreadOverNodes(TodoApp app, string component) => new()
    {
        MaxSkew = 1,
        TopologyKey = "kubernetes.io/hostname",
        WhenUnsatisfiable = "DoNotSchedule",
        LabelSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, component) },
    };

    /// <summary>The pod's own name, for the scripts that build its DNS name.</summary>
    public static V1EnvVar PodNameVariable() => new()
    {
        Name = "POD_NAME",
        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } },
    };
}
