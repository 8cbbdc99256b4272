using Todo.Operator.IntegrationTests.Cluster;

// One control plane serves the whole test assembly; starting one takes seconds, not milliseconds.
[assembly: AssemblyFixture(typeof(ControlPlaneFixture))]
