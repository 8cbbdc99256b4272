using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.Children;

/// <summary>The opening every pod template of the app shares, so that no workload can drift from the others' hardening.</summary>
internal static class PodTemplates
{
    /// <summary>
    /// A pod template with our labels for <paramref name="component"/>, the restricted security context, no service account
    /// token (no pod talks to the API server) and no service links (the pods find their peers by DNS).
    /// </summary>
    public static V1PodTemplateSpec Restricted(
        TodoApp app, string component, IDictionary<string, string>? annotations, IList<V1Container> containers, IList<V1Volume> volumes) => new()
        {
            Metadata = new V1ObjectMeta { Labels = AppLabels.For(app, component), Annotations = annotations },
            Spec = new V1PodSpec
            {
                AutomountServiceAccountToken = false,
                EnableServiceLinks = false,
                SecurityContext = PodSecurity.Pod(),
                Containers = containers,
                Volumes = volumes,
            },
        };
}
