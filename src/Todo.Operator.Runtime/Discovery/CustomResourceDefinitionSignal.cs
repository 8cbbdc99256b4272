using k8s.Models;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Discovery;

/// <summary>
/// Tells when an optional kind may have come or gone, instead of asking discovery on a timer: a watch of the
/// CustomResourceDefinition that brings each optional kind, narrowed by <c>fieldSelector=metadata.name=</c> to that one
/// CRD (which the ClusterRole grants by resourceName, read-only). While no such CRD changes, nothing is read.
/// </summary>
internal sealed class CustomResourceDefinitionSignal : IDisposable
{
    public static readonly ResourceType Type = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions");

    private readonly SemaphoreSlim changed = new(0);
    private readonly List<(OwnedKind Kind, IInformer Informer, IDisposable Subscription)> watched = [];

    public CustomResourceDefinitionSignal(IInformerCache cache, IEnumerable<OwnedKind> optional)
    {
        foreach (var kind in optional.Where(kind => kind.Declared.Group.Length > 0))
        {
            var informer = cache.GetOrAdd<V1CustomResourceDefinition>(new InformerScope(Type, FieldSelector: $"metadata.name={kind.CustomResourceDefinitionName}"));
            watched.Add((kind, informer, informer.AddHandler(_ => changed.Release())));
        }
    }

    /// <summary>Completes at the next change of a watched CRD (several changes since the last call count as one).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await changed.WaitAsync(cancellationToken);
        while (changed.Wait(0, CancellationToken.None))
        {
            // Drained: one rediscovery answers every change so far.
        }
    }

    /// <summary>
    /// Whether <paramref name="served"/> (discovery's answer) matches the CRDs as watched: a kind is served exactly when its
    /// CRD is Established with one of the kind's versions served. Discovery lists a new CRD's API a moment after that.
    /// </summary>
    public bool Agrees(ResourceCatalog served) =>
        watched.All(entry => !entry.Informer.HasSynced || Established(entry.Kind, entry.Informer) == served.Resolve(entry.Kind) is not null);

    public void Dispose()
    {
        foreach (var entry in watched)
        {
            entry.Subscription.Dispose();
        }

        changed.Dispose();
    }

    private static bool Established(OwnedKind kind, IInformer informer) =>
        informer.List().OfType<V1CustomResourceDefinition>().Any(crd =>
            crd.Metadata.DeletionTimestamp is null
            && crd.Status?.Conditions?.Any(condition => condition is { Type: "Established", Status: "True" }) is true
            && crd.Spec?.Versions?.Any(version => version.Served && kind.Versions.Contains(version.Name)) is true);
}
