namespace Todo.Operator.Children;

/// <summary>
/// Inputs to the desired-state builders that do not come from the TodoApp itself. The Redis password
/// is passed in (read from the existing Secret, or freshly generated once) so that building stays pure
/// and a password is never rotated by accident.
/// </summary>
internal sealed record ChildContext(ClusterCapabilities Capabilities, string? GeneratedRedisPassword = null);
