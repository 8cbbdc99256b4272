namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>Something that runs a Kubernetes API server for the tests and can stop it again.</summary>
internal interface IClusterBackend : IAsyncDisposable
{
    string Description { get; }

    string AdminKubeconfigPath { get; }

    /// <summary>The API server's audit log, where the backend writes one.</summary>
    string? AuditLogPath { get; }
}
