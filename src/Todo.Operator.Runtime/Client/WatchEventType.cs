namespace Todo.Operator.Runtime.Client;

/// <summary>
/// The type field of a watch event, as the API server spells it. The runtime's own, because KubernetesClient.Aot (the
/// client of the Native AOT build) has no watch types.
/// </summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Error,
    Bookmark,
}
