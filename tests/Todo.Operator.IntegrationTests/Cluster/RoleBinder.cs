using k8s;
using k8s.Models;
using Todo.Operator.Generation;

namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>
/// Applies the Roles and ClusterRoles of an RBAC YAML file (such as config/rbac) and binds each to one subject.
/// Bindings and ServiceAccounts in the file are left out: they name the production namespace and account.
/// </summary>
internal static class RoleBinder
{
    public static async Task ApplyAndBindAsync(
        IKubernetes admin, string yamlFile, string @namespace, Rbacv1Subject subject, CancellationToken cancellationToken)
    {
        foreach (var document in KubernetesObjectYaml.LoadAll(await File.ReadAllTextAsync(yamlFile, cancellationToken)))
        {
            switch (document.Kind)
            {
                case "ClusterRole":
                    await ApplyClusterRoleAsync(admin, document.To<V1ClusterRole>(), subject, cancellationToken);
                    break;
                case "Role":
                    await ApplyRoleAsync(admin, document.To<V1Role>(), @namespace, subject, cancellationToken);
                    break;
                case "RoleBinding" or "ClusterRoleBinding" or "ServiceAccount":
                    break;
                case null:
                    throw new ArgumentException($"{yamlFile}: a document is not a Kubernetes object.", nameof(yamlFile));
                case var other:
                    throw new ArgumentException($"{yamlFile}: {other} is not an RBAC role; only Role and ClusterRole can be bound.", nameof(yamlFile));
            }
        }
    }

    private static async Task ApplyClusterRoleAsync(IKubernetes admin, V1ClusterRole role, Rbacv1Subject subject, CancellationToken cancellationToken)
    {
        await admin.RbacAuthorizationV1.PatchClusterRoleAsync(
            TestJson.Patch(role, V1Patch.PatchType.ApplyPatch), role.Name(), fieldManager: KubernetesCluster.FieldManager, force: true, cancellationToken: cancellationToken);
        var binding = new V1ClusterRoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRoleBinding",
            Metadata = new V1ObjectMeta { Name = $"{subject.NamespaceProperty}-{subject.Name}-{role.Name()}" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role.Name() },
            Subjects = [subject],
        };
        await admin.RbacAuthorizationV1.PatchClusterRoleBindingAsync(
            TestJson.Patch(binding, V1Patch.PatchType.ApplyPatch), binding.Name(), fieldManager: KubernetesCluster.FieldManager, force: true, cancellationToken: cancellationToken);
    }

    private static async Task ApplyRoleAsync(IKubernetes admin, V1Role role, string @namespace, Rbacv1Subject subject, CancellationToken cancellationToken)
    {
        role.Metadata.NamespaceProperty = @namespace;
        await admin.RbacAuthorizationV1.PatchNamespacedRoleAsync(
            TestJson.Patch(role, V1Patch.PatchType.ApplyPatch), role.Name(), @namespace, fieldManager: KubernetesCluster.FieldManager, force: true, cancellationToken: cancellationToken);
        var binding = new V1RoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "RoleBinding",
            Metadata = new V1ObjectMeta { Name = $"{subject.Name}-{role.Name()}", NamespaceProperty = @namespace },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = role.Name() },
            Subjects = [subject],
        };
        await admin.RbacAuthorizationV1.PatchNamespacedRoleBindingAsync(
            TestJson.Patch(binding, V1Patch.PatchType.ApplyPatch), binding.Name(), @namespace, fieldManager: KubernetesCluster.FieldManager, force: true, cancellationToken: cancellationToken);
    }
}
