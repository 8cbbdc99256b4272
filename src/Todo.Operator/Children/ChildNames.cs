using Todo.Operator.Crd;

namespace Todo.Operator.Children;

/// <summary>Object names of the children, derived from the TodoApp's name so they can be found and pruned.</summary>
internal static class ChildNames
{
    /// <summary>The longest suffix added to the TodoApp name; the validator keeps names short enough for it.</summary>
    public const int LongestSuffix = 15;

    public static string TodoApi(TodoApp app) => $"{app.Metadata.Name}-api";

    public static string Redis(TodoApp app) => $"{app.Metadata.Name}-redis";

    public static string RedisSentinel(TodoApp app) => $"{app.Metadata.Name}-redis-sentinel";

    public static string RedisPasswordSecret(TodoApp app) => $"{app.Metadata.Name}-redis-password";

    public static string RedisPasswordKeySecret(TodoApp app) => $"{app.Metadata.Name}-password-hmac";

    public static string RedisUsersSecret(TodoApp app) => $"{app.Metadata.Name}-redis-users";

    /// <summary>The Secret the Redis pods and their clients mount: CA certificates, the certificate and its key.</summary>
    public static string RedisTlsSecret(TodoApp app) => $"{app.Metadata.Name}-redis-tls";

    /// <summary>The operator's CA of the app (its key never leaves this Secret; no pod mounts it).</summary>
    public static string RedisCaSecret(TodoApp app) => $"{app.Metadata.Name}-redis-ca";

    public static string DefaultDenyPolicy(TodoApp app) => $"{app.Metadata.Name}-default-deny";

    public static string TlsSecret(TodoApp app) => $"{app.Metadata.Name}-tls";
}
