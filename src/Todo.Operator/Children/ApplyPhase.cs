namespace Todo.Operator.Children;

/// <summary>
/// The apply order of the children, phase by phase: the password before the pods that read it, the network policies
/// before the pods they protect, the Services before the workloads behind them, and the Ingress last, once there is
/// something to route to. Children of one phase do not depend on each other; among them the order is by name.
/// </summary>
internal enum ApplyPhase
{
    Credentials,
    NetworkPolicies,
    Services,
    Workloads,
    Scaling,
    Monitoring,
    Exposure,
}
