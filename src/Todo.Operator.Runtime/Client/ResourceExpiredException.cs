namespace Todo.Operator.Runtime.Client;

/// <summary>
/// 410 Gone: the resourceVersion asked for has been compacted away. The only recovery is a fresh list,
/// so it gets its own type instead of hiding among other API errors.
/// </summary>
public sealed class ResourceExpiredException(string message) : Exception(message);
