using Todo.EndToEnd.Tests.Cluster;

// One cluster (a control plane and three nodes) serves the whole assembly: setting it up takes about a minute.
[assembly: AssemblyFixture(typeof(NodeCluster))]

// The scenarios share the machine's two cores with the pods they start, and the fault tests break the cluster the others
// use: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
