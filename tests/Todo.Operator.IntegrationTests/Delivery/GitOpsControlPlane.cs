using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>
/// A control plane of the GitOps dry runs' own. They install the CRDs of ArgoCD, Sealed Secrets and the Prometheus
/// operator, cluster-wide state that would change what the other tests' operators see: a served ServiceMonitor API
/// activates the optional ServiceMonitor child, which ServiceMonitorTests needs absent at first.
/// </summary>
public sealed class GitOpsControlPlane : ControlPlaneFixture;
