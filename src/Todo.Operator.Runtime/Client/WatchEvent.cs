using System.Diagnostics.CodeAnalysis;
using k8s;

namespace Todo.Operator.Runtime.Client;

/// <summary>One event of a watch stream. Bookmarks carry only a resourceVersion to resume from.</summary>
[SuppressMessage("Naming", "CA1720", Justification = "Named after the watch event's own 'object' field.")]
public sealed record WatchEvent<T>(WatchEventType Type, T Object);
