using System.Text;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// The generated Redis password, only when the spec names no existing Secret. The password itself is
/// <see cref="RedisPassword"/>'s result: the one already stored (or a new one the first time), so applying never rotates it.
/// </summary>
internal sealed class RedisPasswordSecret : ChildResource<V1Secret>
{
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisPassword))];

    public override string ObjectName(TodoApp app) => ChildNames.RedisPasswordSecret(app);

    public override bool IsWanted(TodoApp app) => app.Spec.Redis.PasswordSecretRef is null;

    protected override V1Secret Build(TodoApp app, ChildContext context)
    {
        var password = context.Result(RedisMembers.Password).Generated
            ?? throw new InvalidOperationException(
                $"The Redis password of {app.Metadata.NamespaceProperty}/{app.Metadata.Name} must be read from its Secret or generated before building the Secret.");
        return new V1Secret
        {
            Metadata = Metadata(app, AppLabels.RedisComponent),
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [RedisPasswordRules.GeneratedKey] = Encoding.UTF8.GetBytes(password) },
        };
    }

    /// <summary>The password stored in an existing generated Secret, if it holds one.</summary>
    public static string? StoredPassword(V1Secret secret) =>
        secret.Data?.TryGetValue(RedisPasswordRules.GeneratedKey, out var bytes) is true && bytes.Length > 0
            ? Encoding.UTF8.GetString(bytes)
            : null;
}
