using k8s;
using k8s.Models;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>Views an observed object as its typed model, whichever representation the cache holds.</summary>
internal static class Observed
{
    public static T As<T>(IKubernetesObject<V1ObjectMeta> observed)
        where T : IKubernetesObject<V1ObjectMeta> =>
        ObjectCopy.As<T>(observed);
}
