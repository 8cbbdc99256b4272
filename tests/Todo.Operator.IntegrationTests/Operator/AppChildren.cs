using k8s;
using k8s.Models;
using Todo.Operator.IntegrationTests.Support;
using Todo.Operator.TodoApi.Monitoring;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// Reads a TodoApp's children as the admin sees them, by kind, through whichever API version the server
/// serves (the HorizontalPodAutoscaler and PodDisruptionBudget moved between versions).
/// </summary>
internal sealed class AppChildren(IKubernetes admin, ServedApiVersions versions, string @namespace)
{
    private const string InstanceLabel = "app.kubernetes.io/instance";

    /// <summary>Every object labelled as a child of <paramref name="appName"/>, as "Kind/name" with the object.</summary>
    public async Task<IReadOnlyDictionary<string, IKubernetesObject<V1ObjectMeta>>> ListAsync(string appName, CancellationToken cancellationToken)
    {
        var selector = $"{InstanceLabel}={appName}";
        IEnumerable<IKubernetesObject<V1ObjectMeta>>[] kinds =
        [
            (await admin.CoreV1.ListNamespacedSecretAsync(@namespace, labelSelector: selector, cancellationToken: cancellationToken)).Items,
            (await admin.CoreV1.ListNamespacedServiceAsync(@namespace, labelSelector: selector, cancellationToken: cancellationToken)).Items,
            (await admin.AppsV1.ListNamespacedStatefulSetAsync(@namespace, labelSelector: selector, cancellationToken: cancellationToken)).Items,
            (await admin.AppsV1.ListNamespacedDeploymentAsync(@namespace, labelSelector: selector, cancellationToken: cancellationToken)).Items,
            (await admin.NetworkingV1.ListNamespacedIngressAsync(@namespace, labelSelector: selector, cancellationToken: cancellationToken)).Items,
            (await admin.NetworkingV1.ListNamespacedNetworkPolicyAsync(@namespace, labelSelector: selector, cancellationToken: cancellationToken)).Items,
            (await admin.CustomObjects.ListNamespacedCustomObjectAsync<V2HorizontalPodAutoscalerList>(
                "autoscaling", versions.Autoscaling, @namespace, "horizontalpodautoscalers", labelSelector: selector, cancellationToken: cancellationToken)).Items,
            (await admin.CustomObjects.ListNamespacedCustomObjectAsync<V1PodDisruptionBudgetList>(
                "policy", versions.Policy, @namespace, "poddisruptionbudgets", labelSelector: selector, cancellationToken: cancellationToken)).Items,
        ];
        return kinds.SelectMany(items => items).ToDictionary(item => $"{KindOf(item)}/{item.Metadata.Name}");
    }

    public Task<V1Deployment?> DeploymentAsync(string name, CancellationToken cancellationToken) =>
        NotFound.AsNullAsync(() => admin.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: cancellationToken));

    public Task<V1Service?> ServiceAsync(string name, CancellationToken cancellationToken) =>
        NotFound.AsNullAsync(() => admin.CoreV1.ReadNamespacedServiceAsync(name, @namespace, cancellationToken: cancellationToken));

    public Task<V1Ingress?> IngressAsync(string name, CancellationToken cancellationToken) =>
        NotFound.AsNullAsync(() => admin.NetworkingV1.ReadNamespacedIngressAsync(name, @namespace, cancellationToken: cancellationToken));

    public Task<V1NetworkPolicy?> NetworkPolicyAsync(string name, CancellationToken cancellationToken) =>
        NotFound.AsNullAsync(() => admin.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, @namespace, cancellationToken: cancellationToken));

    /// <summary>The HorizontalPodAutoscaler read through the version the server serves (autoscaling/v2beta2 on 1.20).</summary>
    public Task<V2HorizontalPodAutoscaler?> AutoscalerAsync(string name, CancellationToken cancellationToken) =>
        NotFound.AsNullAsync(() => admin.CustomObjects.GetNamespacedCustomObjectAsync<V2HorizontalPodAutoscaler>(
            "autoscaling", versions.Autoscaling, @namespace, "horizontalpodautoscalers", name, cancellationToken));

    /// <summary>The Prometheus Operator's ServiceMonitor, where its CRD is installed.</summary>
    public Task<V1ServiceMonitor?> ServiceMonitorAsync(string name, CancellationToken cancellationToken) =>
        NotFound.AsNullAsync(() => admin.CustomObjects.GetNamespacedCustomObjectAsync<V1ServiceMonitor>(
            "monitoring.coreos.com", "v1", @namespace, "servicemonitors", name, cancellationToken));

    /// <summary>List items come without kind; the item types say what they are.</summary>
    private static string KindOf(IKubernetesObject<V1ObjectMeta> item) => item switch
    {
        V1Secret => "Secret",
        V1Service => "Service",
        V1StatefulSet => "StatefulSet",
        V1Deployment => "Deployment",
        V1Ingress => "Ingress",
        V1NetworkPolicy => "NetworkPolicy",
        V2HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
        V1PodDisruptionBudget => "PodDisruptionBudget",
        _ => item.GetType().Name,
    };
}
