using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// The app's random key for the version of a password the user chose (an HMAC of the password under it), only when the
/// spec names an existing Secret. Kept in a Secret beside the user's: whoever may read it may read the password anyway,
/// and it outlives operator restarts and leader changes, so the version changes only with the password.
/// </summary>
internal sealed class RedisPasswordKeySecret : ChildResource<V1Secret>
{
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisPassword))];

    public override string ObjectName(TodoApp app) => ChildNames.RedisPasswordKeySecret(app);

    public override bool IsWanted(TodoApp app) => app.Spec.Redis.PasswordSecretRef is not null;

    protected override V1Secret Build(TodoApp app, ChildContext context)
    {
        var key = context.Result(RedisMembers.Password).VersionKey
            ?? throw new InvalidOperationException(
                $"The password version key of {app.Metadata.NamespaceProperty}/{app.Metadata.Name} must be read from its Secret or generated before building the Secret.");
        return new V1Secret
        {
            Metadata = Metadata(app, AppLabels.RedisComponent),
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [RedisPasswordRules.VersionKeyKey] = key },
        };
    }

    /// <summary>The key an existing key Secret holds, if it holds a whole one.</summary>
    public static byte[]? StoredKey(V1Secret? secret) =>
        secret?.Data?.TryGetValue(RedisPasswordRules.VersionKeyKey, out var key) is true && key.Length == RedisPasswordRules.VersionKeyLength ? key : null;
}
