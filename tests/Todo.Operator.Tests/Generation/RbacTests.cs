using k8s;
using k8s.Models;
using Todo.Operator.Generation;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Generation;

public sealed class RbacTests
{
    private static readonly string CommittedPath = Path.Combine(RepositoryRoot.Path, "config", "rbac", GenerateCommand.RoleFileName);

    private static readonly V1ClusterRole Role = KubernetesObjectYaml.Deserialize<V1ClusterRole>(GenerateCommand.RoleYaml());

    [Fact]
    public void Committed_role_matches_the_generator_output()
    {
        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing: run `make generate`.");

        Assert.True(
            File.ReadAllText(CommittedPath) == GenerateCommand.RoleYaml(),
            $"{CommittedPath} is out of date with the child declarations in src/Todo.Operator/Children: run `make generate` and commit the result.");
    }

    [Fact]
    public void Committed_namespaced_role_matches_the_generator_output_and_grants_what_the_cluster_role_does()
    {
        var path = Path.Combine(RepositoryRoot.Path, "config", "namespaced", "watched-namespace", GenerateCommand.RoleFileName);
        Assert.True(File.Exists(path), $"{path} is missing: run `make generate`.");

        Assert.True(
            File.ReadAllText(path) == GenerateCommand.RoleYaml(namespaced: true),
            $"{path} is out of date with the child declarations in src/Todo.Operator/Children: run `make generate` and commit the result.");
        var namespaced = KubernetesObjectYaml.Deserialize<V1Role>(File.ReadAllText(path));
        Assert.Equal(("Role", "todo-operator", null), (namespaced.Kind, namespaced.Metadata.Name, namespaced.Metadata.NamespaceProperty));
        // A Role cannot grant the cluster-scoped CRD and StorageClass reads: the namespaced install polls discovery instead, and expands no claim.
        Assert.Equal(
            Role.Rules.Where(rule => !rule.ApiGroups.Contains("apiextensions.k8s.io") && !rule.ApiGroups.Contains("storage.k8s.io")).Select(rule => KubernetesJson.Serialize(rule)),
            namespaced.Rules.Select(rule => KubernetesJson.Serialize(rule)));
    }

    [Fact]
    public void Committed_webhook_roles_match_the_generator_output()
    {
        var path = Path.Combine(RepositoryRoot.Path, "config", "rbac", GenerateCommand.WebhookRoleFileName);
        Assert.True(File.Exists(path), $"{path} is missing: run `make generate`.");

        Assert.True(
            File.ReadAllText(path) == WebhookRbacGenerator.Yaml(),
            $"{path} is out of date with the webhook server's defaults: run `make generate` and commit the result.");
    }

    /// <summary>Its own webhook configuration and certificate Secret, by name; create (which cannot be named) of Secrets in its namespace only.</summary>
    [Fact]
    public void The_webhook_server_may_touch_only_its_own_objects_by_name()
    {
        var documents = KubernetesObjectYaml.LoadAll(WebhookRbacGenerator.Yaml());
        var clusterRole = Assert.Single(documents, document => document.Kind == "ClusterRole").To<V1ClusterRole>();
        var role = Assert.Single(documents, document => document.Kind == "Role").To<V1Role>();
        var defaults = new Runtime.Webhooks.WebhookOptions();

        Assert.Equal(
            [("admissionregistration.k8s.io", "validatingwebhookconfigurations", defaults.ValidatingWebhookConfiguration!), ("apiextensions.k8s.io", "customresourcedefinitions", "todoapps.todo.gitops.dev")],
            clusterRole.Rules.Select(rule => (rule.ApiGroups.Single(), rule.Resources.Single(), rule.ResourceNames.Single())));
        Assert.All(clusterRole.Rules, rule => Assert.Equal(["get", "patch"], rule.Verbs));
        Assert.Equal(WebhookRbacGenerator.OperatorNamespace, role.Metadata.NamespaceProperty);
        Assert.Equal(
            [("get", defaults.SecretName), ("patch", defaults.SecretName), ("create", "*")],
            role.Rules.SelectMany(rule => rule.Verbs.Select(verb => (verb, rule.ResourceNames?.Single() ?? "*"))));
        Assert.All(role.Rules, rule => Assert.Equal(["secrets"], rule.Resources));
    }

    [Fact]
    public void Generate_command_writes_the_webhook_role_file()
    {
        var directory = Directory.CreateTempSubdirectory("rbac-");
        try
        {
            Assert.Equal(0, GenerateCommand.Run(["rbac", "--webhook", "--output", directory.FullName]));
            Assert.Equal(WebhookRbacGenerator.Yaml(), File.ReadAllText(Path.Combine(directory.FullName, GenerateCommand.WebhookRoleFileName)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Generate_command_writes_the_namespaced_role_file()
    {
        var directory = Directory.CreateTempSubdirectory("rbac-");
        try
        {
            Assert.Equal(0, GenerateCommand.Run(["rbac", "--namespaced", "--output", directory.FullName]));
            Assert.Equal(GenerateCommand.RoleYaml(namespaced: true), File.ReadAllText(Path.Combine(directory.FullName, GenerateCommand.RoleFileName)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Generate_command_writes_the_role_file()
    {
        var directory = Directory.CreateTempSubdirectory("rbac-");
        try
        {
            Assert.Equal(0, GenerateCommand.Run(["rbac", "--output", directory.FullName]));
            Assert.Equal(GenerateCommand.RoleYaml(), File.ReadAllText(Path.Combine(directory.FullName, GenerateCommand.RoleFileName)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_child_kind_may_be_read_watched_applied_and_pruned_but_never_replaced()
    {
        Assert.All(TodoAppWorkflow.Children, child =>
        {
            var rule = Assert.Single(Role.Rules, rule => rule.ApiGroups.Contains(child.Kind.Declared.Group) && rule.Resources.Contains(child.Kind.Declared.Plural));
            Assert.Equal(["create", "delete", "get", "list", "patch", "watch"], rule.Verbs.Order());
        });
    }

    [Fact]
    public void The_todoapp_is_only_read_and_patched_for_its_finalizer_its_status_patched_and_its_finalizers_updated_for_block_owner_deletion()
    {
        Assert.Equal(
            [("todoapps", "get,list,watch,patch"), ("todoapps/finalizers", "update"), ("todoapps/status", "patch")],
            Role.Rules.Where(rule => rule.ApiGroups.SequenceEqual(["todo.gitops.dev"]) && rule.Resources.All(resource => resource.StartsWith("todoapps", StringComparison.Ordinal)))
                .SelectMany(rule => rule.Resources.Select(resource => (resource, string.Join(',', rule.Verbs))))
                .Order());
    }

    [Fact]
    public void Nothing_else_is_granted()
    {
        var childResources = TodoAppWorkflow.Children.Select(child => (child.Kind.Declared.Group, child.Kind.Declared.Plural)).ToHashSet();
        var granted = Role.Rules.SelectMany(rule => rule.ApiGroups.SelectMany(group => rule.Resources.Select(resource => (group, resource)))).ToHashSet();

        Assert.DoesNotContain(Role.Rules, rule => rule.Verbs.Contains("*") || rule.Resources.Contains("*") || rule.ApiGroups.Contains("*"));
        Assert.Equal(
            [
                ("", "events"), ("", "persistentvolumeclaims"), ("", "pods"), ("apiextensions.k8s.io", "customresourcedefinitions"), ("batch", "jobs"),
                ("storage.k8s.io", "storageclasses"),
                ("todo.gitops.dev", "todoappbackups"), ("todo.gitops.dev", "todoappbackups/finalizers"), ("todo.gitops.dev", "todoappbackups/status"),
                ("todo.gitops.dev", "todoapps"), ("todo.gitops.dev", "todoapps/finalizers"), ("todo.gitops.dev", "todoapps/status"),
            ],
            granted.Except(childResources).Order());
        Assert.Equal(["create", "patch"], Role.Rules.Single(rule => rule.Resources.Contains("events")).Verbs);
        // Whether a claim's class allows expansion: one StorageClass read by name, never a list, never a write.
        Assert.Equal(["get"], Role.Rules.Single(rule => rule.Resources.Contains("storageclasses")).Verbs);
        // The StatefulSet controller makes the data claims; the operator creates only an app's backup claim, and never deletes that one.
        Assert.Equal(
            ["create", "delete,get,list,patch,watch"],
            Role.Rules.Where(rule => rule.Resources.Contains("persistentvolumeclaims")).Select(rule => string.Join(',', rule.Verbs.Order())).Order());
    }

    /// <summary>
    /// The backup controller reads its backups, patches only their status, and makes and deletes only Jobs; pods are listed
    /// (the termination message) and deleted (the Sentinel-mode roll), never made, changed or watched.
    /// </summary>
    [Fact]
    public void Backups_are_read_made_and_deleted_by_schedules_and_their_status_patched_their_jobs_made_and_deleted_and_pods_only_listed_and_deleted()
    {
        Assert.Equal(
            [
                ("todo.gitops.dev", "todoappbackups", "create,delete,get,list,watch"), ("todo.gitops.dev", "todoappbackups/status", "patch"),
                ("todo.gitops.dev", "todoappbackups/finalizers", "update"), ("batch", "jobs", "create,delete,get,list,watch"), ("", "pods", "list"),
                ("", "pods", "delete"),
            ],
            Role.Rules.Where(rule => rule.Resources.Any(resource => resource.StartsWith("todoappbackups", StringComparison.Ordinal) || resource is "jobs" or "pods"))
                .Select(rule => (rule.ApiGroups.Single(), rule.Resources.Single(), string.Join(',', rule.Verbs.Order()))));
    }

    /// <summary>CRDs are read only by name, and only those of optional children: a watch by fieldSelector metadata.name.</summary>
    [Fact]
    public void Only_the_crds_of_optional_children_are_read_by_name_and_never_written()
    {
        var rule = Assert.Single(Role.Rules, rule => rule.Resources.Contains("customresourcedefinitions"));

        Assert.Equal(["list", "watch"], rule.Verbs);
        Assert.Equal(
            TodoAppWorkflow.Children.Where(child => child.Kind.Optional).Select(child => $"{child.Kind.Declared.Plural}.{child.Kind.Declared.Group}").Order(),
            rule.ResourceNames.Order());
        Assert.Contains("servicemonitors.monitoring.coreos.com", rule.ResourceNames);
    }
}
