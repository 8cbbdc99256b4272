using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>TodoApps as the admin (a user, ArgoCD) reads and changes them.</summary>
internal static class TodoApps
{
    public static Task<TodoApp?> GetAsync(IKubernetes admin, string @namespace, string name, CancellationToken cancellationToken) =>
        NotFound.AsNullAsync(() => admin.CustomObjects.GetNamespacedCustomObjectAsync<TodoApp>(
            TodoApp.Group, TodoApp.Version, @namespace, TodoApp.Plural, name, cancellationToken));

    /// <summary>
    /// A JSON merge patch of the spec in the storage version, e.g. <c>new { autoscaling = new { maxReplicas = 7 } }</c>; a
    /// <c>JsonObject</c> for a null that removes a field (<c>["autoscaling"] = null</c> turns autoscaling off).
    /// </summary>
    public static Task<TodoApp> PatchSpecAsync(IKubernetes admin, string @namespace, string name, object spec, CancellationToken cancellationToken) =>
        admin.CustomObjects.PatchNamespacedCustomObjectAsync<TodoApp>(
            TestJson.Patch(new { spec }, V1Patch.PatchType.MergePatch), TodoApp.Group, TodoApp.Version, @namespace, TodoApp.Plural, name,
            cancellationToken: cancellationToken);

    public static Task DeleteAsync(IKubernetes admin, string @namespace, string name, CancellationToken cancellationToken) =>
        admin.CustomObjects.DeleteNamespacedCustomObjectAsync(
            TodoApp.Group, TodoApp.Version, @namespace, TodoApp.Plural, name, new V1DeleteOptions { PropagationPolicy = "Background" },
            cancellationToken: cancellationToken);

    public static V1Condition? Condition(this TodoApp app, string type) =>
        app.Status?.Conditions?.FirstOrDefault(condition => condition.Type == type);

    /// <summary>Waits until the operator has reported on the app's current generation and <paramref name="expected"/> holds.</summary>
    public static Task<TodoApp> ReportedAsync(
        IKubernetes admin, string @namespace, string name, string what, Func<TodoApp, bool> expected, CancellationToken cancellationToken) =>
        Eventually.GetAsync(
            $"TodoApp {@namespace}/{name} reports status for its current generation: {what}",
            async token => await GetAsync(admin, @namespace, name, token) is { } app
                && app.Status?.ObservedGeneration == app.Metadata.Generation
                && expected(app)
                    ? app
                    : null,
            cancellationToken);
}
