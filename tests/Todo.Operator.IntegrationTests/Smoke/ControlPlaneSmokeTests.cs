using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Smoke;

/// <summary>The smoke tests on the test run's cluster (the local control plane unless TODO_TEST_CLUSTER says otherwise).</summary>
public sealed class ControlPlaneSmokeTests(ControlPlaneFixture fixture) : ClusterSmokeTests(fixture.Cluster);
