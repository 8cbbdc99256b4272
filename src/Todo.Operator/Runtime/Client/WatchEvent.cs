using k8s;

namespace Todo.Operator.Runtime.Client;

/// <summary>One event of a watch stream. Bookmarks carry only a resourceVersion to resume from.</summary>
internal sealed record WatchEvent<T>(WatchEventType Type, T Object);
