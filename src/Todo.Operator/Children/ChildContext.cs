using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>
/// Inputs to the desired-state builders that do not come from the TodoApp itself: the resource types the cluster
/// offers (so the HorizontalPodAutoscaler is written in the version it serves), and the Redis password, passed in (read
/// from the existing Secret, or freshly generated once) so that building stays pure and it is never rotated by accident.
/// </summary>
internal sealed record ChildContext(ResourceCatalog Resources, string? GeneratedRedisPassword = null);
