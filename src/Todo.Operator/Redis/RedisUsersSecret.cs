using System.Text;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// The passwords of the internal Redis users (<see cref="RedisUsers.Internal"/>), one key per user, the copy of the app's
/// password and during a rotation the previous one (<see cref="RedisUsersState"/>). They are <see cref="RedisPassword"/>'s:
/// the internal ones already stored, new ones only for a user that has none, so applying never changes them.
/// </summary>
internal sealed class RedisUsersSecret : ChildResource<V1Secret>
{
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisPassword))];

    public override string ObjectName(TodoApp app) => ChildNames.RedisUsersSecret(app);

    protected override V1Secret Build(TodoApp app, ChildContext context)
    {
        var users = context.Result(RedisMembers.Password).Users;
        if (!RedisUsers.Internal.All(users.ContainsKey))
        {
            throw new InvalidOperationException(
                $"The Redis users' passwords of {app.Metadata.NamespaceProperty}/{app.Metadata.Name} must be read from their Secret or generated before building the Secret.");
        }

        return new V1Secret
        {
            Metadata = Metadata(app, AppLabels.RedisComponent),
            Type = "Opaque",
            Data = users.ToDictionary(user => user.Key, user => Encoding.UTF8.GetBytes(user.Value)),
        };
    }

    /// <summary>The password an existing users Secret holds for <paramref name="user"/>, if it holds a usable one.</summary>
    public static string? StoredPassword(V1Secret? secret, string user) =>
        secret?.Data?.TryGetValue(user, out var bytes) is true && bytes.Length > 0 && RedisPasswordRules.IsSupported(bytes)
            ? Encoding.UTF8.GetString(bytes)
            : null;
}
