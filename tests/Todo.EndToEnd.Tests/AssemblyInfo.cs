using Todo.EndToEnd.Tests.Cluster;

// One control plane with one node serves the whole assembly: setting it up takes about half a minute.
[assembly: AssemblyFixture(typeof(NodeCluster))]

// The scenarios share the node's two cores with the pods they start; one at a time keeps their timing honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
