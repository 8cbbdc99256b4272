using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime;

/// <summary>
/// A kind of object a controller owns, declared by its model type: the API it is read and written through
/// (from the model's <c>[KubernetesEntity]</c>), the versions a cluster may serve it in, in order of preference,
/// and whether a cluster may lack it altogether (an API that comes with a CRD someone else installs). Its informers keep
/// their objects compressed: a reconcile reads a few of them, by name, and they are most of what a process caches.
/// </summary>
public sealed class OwnedKind
{
    private readonly Func<IInformerCache, InformerScope, IInformer> addInformer;

    private OwnedKind(ResourceType declared, IReadOnlyList<string> versions, bool optional, Func<IInformerCache, InformerScope, IInformer> addInformer)
    {
        Declared = declared;
        Versions = versions;
        Optional = optional;
        this.addInformer = addInformer;
    }

    /// <summary>The group, kind and plural (and the model's own version) from the model's <c>[KubernetesEntity]</c>.</summary>
    public ResourceType Declared { get; }

    /// <summary>The versions this kind can be read and written in, the preferred first.</summary>
    public IReadOnlyList<string> Versions { get; }

    /// <summary>
    /// An optional kind is watched only while the API server serves it, and noticed when it starts to; a cluster
    /// without it holds back neither the caches nor any reconcile. A required kind the server lacks stops start-up.
    /// </summary>
    public bool Optional { get; }

    /// <param name="versions">The versions to look for, preferred first; by default only the model's own.</param>
    /// <param name="optional">Whether a cluster may lack this kind (see <see cref="Optional"/>).</param>
    public static OwnedKind Of<TModel>(IReadOnlyList<string>? versions = null, bool optional = false)
        where TModel : class, IKubernetesObject<V1ObjectMeta>
    {
        var declared = ResourceType.Of<TModel>();
        return new OwnedKind(declared, versions is { Count: > 0 } ? versions : [declared.Version], optional, (cache, scope) => cache.GetOrAdd<TModel>(scope, compress: true));
    }

    /// <summary>The name of the CustomResourceDefinition that would serve this kind (plural.group).</summary>
    public string CustomResourceDefinitionName => $"{Declared.Plural}.{Declared.Group}";

    /// <summary>Whether <paramref name="type"/> is this kind, in any version.</summary>
    public bool Matches(ResourceType type) => type.Group == Declared.Group && type.Plural == Declared.Plural;

    internal IInformer AddInformer(IInformerCache cache, InformerScope scope) => addInformer(cache, scope);

    public override string ToString() => $"{Declared.Plural}.{(Declared.Group.Length == 0 ? "core" : Declared.Group)}/{string.Join('|', Versions)}";
}
