using Todo.Operator.Crd;

namespace Todo.Operator.Children;

/// <summary>
/// The app.kubernetes.io labels on every child. Selectors use only the stable subset (name, instance,
/// component): a selector of a Deployment or StatefulSet can never change once created. The Redis StatefulSet's
/// selector takes the app's name under another key (RedisDataClaims.Selector), as it reaches the claims.
/// </summary>
internal static class AppLabels
{
    public const string NameKey = "app.kubernetes.io/name";
    public const string InstanceKey = "app.kubernetes.io/instance";
    public const string ComponentKey = "app.kubernetes.io/component";
    public const string PartOfKey = "app.kubernetes.io/part-of";
    public const string ManagedByKey = "app.kubernetes.io/managed-by";

    public const string AppName = "todo";
    public const string ManagedBy = "todo-operator";

    /// <summary>Selects every object this operator manages, e.g. to scope the children's informers.</summary>
    public const string ManagedBySelector = $"{ManagedByKey}={ManagedBy}";

    public const string TodoApiComponent = "api";
    public const string RedisComponent = "redis";

    /// <summary>The Sentinels of an app in Sentinel mode (the data pods keep <see cref="RedisComponent"/>).</summary>
    public const string SentinelComponent = "redis-sentinel";

    /// <summary>The pods of the app's backup Jobs (made by the TodoAppBackup controller).</summary>
    public const string BackupComponent = "backup";

    public static Dictionary<string, string> For(TodoApp app, string component) => new()
    {
        [NameKey] = AppName,
        [InstanceKey] = app.Metadata.Name,
        [ComponentKey] = component,
        [PartOfKey] = AppName,
        [ManagedByKey] = ManagedBy,
    };

    public static Dictionary<string, string> Selector(TodoApp app, string component) => new()
    {
        [NameKey] = AppName,
        [InstanceKey] = app.Metadata.Name,
        [ComponentKey] = component,
    };

    /// <summary>Every pod of the app, whatever its component.</summary>
    public static Dictionary<string, string> AllPods(TodoApp app) => new()
    {
        [NameKey] = AppName,
        [InstanceKey] = app.Metadata.Name,
    };

    public static string SelectorString(TodoApp app, string component) =>
        string.Join(',', Selector(app, component).Select(label => $"{label.Key}={label.Value}"));
}
