using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// The optional kinds one controller owns (JOSDK's activation condition "the CRD is installed"): each is watched
/// only while the API server serves it. A kind discovery finds later gets its informer then, without a restart; one
/// that goes away loses it, so a failing watch of a deleted CRD never holds anything back.
/// </summary>
internal sealed partial class OptionalWatches(
    IReadOnlyList<OwnedKind> kinds,
    IInformerCache cache,
    InformerScopeDefaults defaults,
    ILogger logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<OwnedKind, IReadOnlyList<IInformer>> watched = [];

    /// <summary>
    /// Adds an informer for every kind <paramref name="served"/> now holds and removes those of kinds it no longer
    /// holds (or holds in another version); <paramref name="controller"/>, once built, watches or unwatches them.
    /// Returns the informers added.
    /// </summary>
    public IReadOnlyList<IInformer> Refresh(ResourceCatalog served, IController? controller)
    {
        var added = new List<IInformer>();
        lock (gate)
        {
            foreach (var kind in kinds)
            {
                var type = served.Resolve(kind);
                watched.TryGetValue(kind, out var current);
                if (current is [var first, ..] && first.Scope.Type != type)
                {
                    foreach (var informer in current)
                    {
                        LogNoLongerServed(kind, informer.Scope);
                        controller?.Unwatch(informer);
                        cache.Remove(informer.Scope);
                    }

                    watched.Remove(kind);
                    current = null;
                }

                if (current is null && type is not null)
                {
                    var informers = defaults.For(type, defaults.ChildLabelSelector).Select(scope => kind.AddInformer(cache, scope)).ToList();
                    foreach (var informer in informers)
                    {
                        LogServed(kind, informer.Scope);
                        controller?.Watch(informer);
                    }

                    watched[kind] = informers;
                    added.AddRange(informers);
                }
            }
        }

        return added;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The optional kind {Kind} is served; watching {Scope}")]
    private partial void LogServed(OwnedKind kind, InformerScope scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The optional kind {Kind} is no longer served as before; stopped watching {Scope}")]
    private partial void LogNoLongerServed(OwnedKind kind, InformerScope scope);
}
