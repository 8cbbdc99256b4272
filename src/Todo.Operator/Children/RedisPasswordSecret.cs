using System.Text;
using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Children;

/// <summary>
/// The generated Redis password, only when the spec names no existing Secret. The password itself comes
/// from <see cref="ChildContext.GeneratedRedisPassword"/>: the reconciler passes the one already stored
/// (or a new one the first time), so applying never rotates it.
/// </summary>
internal sealed class RedisPasswordSecret : ChildResource<V1Secret>
{
    public override ApplyPhase Phase => ApplyPhase.Credentials;

    public override string ObjectName(TodoApp app) => ChildNames.RedisPasswordSecret(app);

    public override bool IsWanted(TodoApp app) => app.Spec.Redis.Password.ExistingSecret is null;

    protected override V1Secret Build(TodoApp app, ChildContext context)
    {
        var password = context.GeneratedRedisPassword
            ?? throw new InvalidOperationException(
                $"The Redis password of {app.Metadata.NamespaceProperty}/{app.Metadata.Name} must be read from its Secret or generated before building the Secret.");
        return new V1Secret
        {
            Metadata = Metadata(app, AppLabels.RedisComponent),
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [RedisPassword.GeneratedKey] = Encoding.UTF8.GetBytes(password) },
        };
    }

    /// <summary>The password stored in an existing generated Secret, if it holds one.</summary>
    public static string? StoredPassword(V1Secret secret) =>
        secret.Data?.TryGetValue(RedisPassword.GeneratedKey, out var bytes) is true && bytes.Length > 0
            ? Encoding.UTF8.GetString(bytes)
            : null;
}
