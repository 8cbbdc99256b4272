using Todo.EndToEnd.Tests.Cluster;

// One cluster (a control plane and three nodes) serves the whole assembly: setting it up takes about a minute.
[assembly: AssemblyFixture(typeof(NodeCluster))]

// Each scenario class is a collection of its own, in a namespace of its own, and breaks nothing the others use: they run
// at the same time, as many as there are (they wait on pods, not on this process's threads). The tests that break nodes
// or the control plane are in collections that disable parallelization (FaultCollections): xunit runs those after all
// the others, one at a time.
[assembly: CollectionBehavior(MaxParallelThreads = -1)]
