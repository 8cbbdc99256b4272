using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Upgrade;

/// <summary>
/// A control plane of the upgrade test's own: it installs the previous release's CRD (one version, v1alpha1) and then
/// the current one with its conversion webhook served by an operator process, which would change what every other test
/// sees.
/// </summary>
public sealed class UpgradeControlPlane : ControlPlaneFixture;
