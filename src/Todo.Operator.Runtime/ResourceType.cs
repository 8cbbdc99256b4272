using System.Reflection;
using k8s.Models;

namespace Todo.Operator.Runtime;

/// <summary>
/// Identifies a Kubernetes resource by group, version and plural: everything needed to build its
/// REST paths, which lets one client and one informer serve every kind, including versions the
/// typed client no longer has methods for (autoscaling/v2beta2 on Kubernetes 1.20).
/// </summary>
public sealed record ResourceType(string Group, string Version, string Kind, string Plural, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The type a model class declares with <c>[KubernetesEntity]</c>, as every KubernetesClient model does.</summary>
    public static ResourceType Of<TModel>() => Of(typeof(TModel));

    /// <inheritdoc cref="Of{TModel}"/>
    public static ResourceType Of(Type model)
    {
        var entity = model.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{model.Name} has no [KubernetesEntity] naming its group, version, kind and plural.", nameof(model));
        return new ResourceType(entity.Group ?? string.Empty, entity.ApiVersion, entity.Kind, entity.PluralName);
    }

    public override string ToString() => $"{Plural}.{ApiVersion}";
}
