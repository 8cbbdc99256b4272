using k8s;
using k8s.Models;

namespace Todo.Operator.Children;

/// <summary>Views an observed object as its typed model, whichever representation the cache holds.</summary>
internal static class Observed
{
    public static T As<T>(IKubernetesObject<V1ObjectMeta> observed)
        where T : IKubernetesObject<V1ObjectMeta> =>
        observed is T typed ? typed : KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(observed));
}
