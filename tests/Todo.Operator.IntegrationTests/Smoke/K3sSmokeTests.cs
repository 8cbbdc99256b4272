using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Smoke;

/// <summary>The same smoke tests on K3s in Docker; skipped, with the reason, where no Docker engine runs.</summary>
public sealed class K3sSmokeTests(K3sFixture fixture) : ClusterSmokeTests(fixture.Cluster), IClassFixture<K3sFixture>;
