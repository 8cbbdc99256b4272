using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using k8s.Models;
using Todo.Operator.Crd.Conversion;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Webhooks;
using Todo.Operator.Workflow;

namespace Todo.Operator.Generation;

/// <summary>
/// `generate crd --output &lt;dir&gt;` writes the TodoApp and TodoAppBackup CRDs' YAML, `generate rbac --output &lt;dir&gt;` the operator's
/// ClusterRole, `generate rbac --namespaced --output &lt;dir&gt;` the same rules as the Role of a namespaced install,
/// `generate rbac --webhook --output &lt;dir&gt;` the webhook server's ClusterRole and Role (what `make generate` runs), like
/// controller-gen or the KubeOps CLI. `generate children --api-versions &lt;list&gt; --server-minor &lt;n&gt;`
/// reads TodoApps (a list as <c>kubectl get -o json</c> prints it) on standard input and writes, one JSON line per object, the
/// children a first reconcile would apply (bench/operator.sh's floor client sends them). `generate scripts --output &lt;dir&gt;`
/// writes the backup Job's and the restore init container's shell scripts as they run (backup.sh, restore.sh), so that
/// bench/backup.sh measures the operator's own.
/// </summary>
[RequiresUnreferencedCode(GenerateFeature.Why)]
[RequiresDynamicCode(GenerateFeature.Why)]
internal static class GenerateCommand
{
    public const string CrdFileName = "todo.gitops.dev_todoapps.yaml";
    public const string BackupCrdFileName = "todo.gitops.dev_todoappbackups.yaml";
    public const string RoleFileName = "role.yaml";
    public const string WebhookRoleFileName = "webhook_role.yaml";

    private const string Usage =
        "usage: generate crd|rbac [--namespaced|--webhook]|scripts --output <directory> | generate children --api-versions <a,b,...> --server-minor <n>";

    public static int Run(string[] args)
    {
        if (args is ["children", "--api-versions", var apiVersions, "--server-minor", var minor]
            && int.TryParse(minor, NumberStyles.None, CultureInfo.InvariantCulture, out var serverMinor))
        {
            return WriteChildren(apiVersions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), serverMinor);
        }

        if (args is ["scripts", "--output", var scripts] && !string.IsNullOrWhiteSpace(scripts))
        {
            Write(scripts, "backup.sh", Backups.BackupJob.Script + "\n");
            Write(scripts, "restore.sh", Redis.RedisRestore.Script + "\n");
            return 0;
        }

        var (file, content, directory) = args switch
        {
            ["crd", "--output", var dir] => (CrdFileName, (Func<string>)CrdYaml, dir),
            ["rbac", "--output", var dir] => (RoleFileName, () => RoleYaml(), dir),
            ["rbac", "--namespaced", "--output", var dir] => (RoleFileName, () => RoleYaml(namespaced: true), dir),
            ["rbac", "--webhook", "--output", var dir] => (WebhookRoleFileName, WebhookRbacGenerator.Yaml, dir),
            _ => (null, null, null),
        };
        if (file is null || content is null || string.IsNullOrWhiteSpace(directory))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Write(directory, file, content());
        if (file == CrdFileName)
        {
            Write(directory, BackupCrdFileName, BackupCrdYaml());
        }

        return 0;
    }

    private static void Write(string directory, string file, string content)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, file);
        File.WriteAllText(path, content);
        Console.WriteLine($"wrote {path}");
    }

    private static int WriteChildren(string[] apiVersions, int serverMinor)
    {
        var apps = ModelJson.Deserialize<NewAppChildren.TodoAppList>(Console.In.ReadToEnd());
        // A console command with nothing else to do: the dry run's tasks complete at once.
        foreach (var line in NewAppChildren.ForAsync(apps.Items, NewAppChildren.Catalog(apiVersions), serverMinor).GetAwaiter().GetResult())
        {
            Console.WriteLine(line.ToJsonString());
        }

        return 0;
    }

    /// <summary>Both versions, v1beta1 (stored, and what kubectl prints) first; converted by the operator's webhook through its Service.</summary>
    public static string CrdYaml() => KubernetesObjectYaml.Serialize(Crd());

    public static V1CustomResourceDefinition Crd() => CrdGenerator.Generate(
        [typeof(Crd.V1Beta1.TodoApp), typeof(Crd.V1Alpha1.TodoApp)],
        new Apiextensionsv1ServiceReference
        {
            Name = new WebhookOptions().ServiceName,
            NamespaceProperty = WebhookRbacGenerator.OperatorNamespace,
            Path = TodoAppConversion.Path,
            Port = 443,
        });

    /// <summary>TodoAppBackup: one version, v1beta1, so no conversion.</summary>
    public static string BackupCrdYaml() => KubernetesObjectYaml.Serialize(CrdGenerator.Generate(typeof(Backups.Crd.TodoAppBackup)));

    public static string RoleYaml(bool namespaced = false) => RbacGenerator.RoleYaml(TodoAppWorkflow.Children, namespaced);
}
