using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Tls;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The Sentinels, spread over nodes. They keep nothing on disk: a restarted Sentinel asks the others for the primary and
/// learns the rest (replicas, other Sentinels) from the data pods within seconds.
/// </summary>
internal sealed class RedisSentinelStatefulSet : ChildResource<V1StatefulSet>
{
    public override IReadOnlyList<Dependency> DependsOn { get; } =
    [
        Dependency.On(nameof(DefaultDenyNetworkPolicy)),
        Dependency.On(nameof(RedisSentinelNetworkPolicy)),
        Dependency.On(nameof(RedisSentinelService)),
        Dependency.On(nameof(RedisPassword)),
        Dependency.On(nameof(RedisPasswordSecret)),
        Dependency.On(nameof(RedisPasswordKeySecret)),
        Dependency.On(nameof(RedisUsersSecret)),
        Dependency.On(nameof(RedisTlsCertificates)),
        Dependency.On(nameof(RedisTlsSecret)),
    ];

    public override string ObjectName(TodoApp app) => ChildNames.RedisSentinel(app);

    public override bool IsWanted(TodoApp app) => RedisTopology.UsesSentinel(app);

    protected override V1StatefulSet Build(TodoApp app, ChildContext context)
    {
        var template = PodTemplates.Restricted(
            app,
            AppLabels.SentinelComponent,
            RedisTls.WithVersion(RedisPasswordRules.ServerAnnotations(context.Result(RedisMembers.Password)), context.Result(RedisMembers.Tls)),
            [SentinelContainer.For(app)],
            [PodSecurity.ScratchVolume("tmp"), .. RedisTls.Volumes(app)]);
        template.Spec.TopologySpreadConstraints = [RedisTopology.SpreadOverNodes(app, AppLabels.SentinelComponent)];
        return new V1StatefulSet
        {
            Metadata = Metadata(app, AppLabels.SentinelComponent),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = ChildNames.RedisSentinel(app),
                Replicas = RedisTopology.Sentinels(app).Count,
                // Each Sentinel is whole on its own: no reason to start them one by one.
                PodManagementPolicy = "Parallel",
                Selector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.SentinelComponent) },
                Template = template,
            },
        };
    }

    protected override ChildReadiness Readiness(TodoApp app, V1StatefulSet statefulSet) => WorkloadReadiness.Of(statefulSet);
}
