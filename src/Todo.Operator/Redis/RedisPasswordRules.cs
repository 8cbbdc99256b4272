using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using k8s;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;

namespace Todo.Operator.Redis;

/// <summary>Where the Redis password lives, what it may hold, how a new one is made, and how the pods read it.</summary>
internal static class RedisPasswordRules
{
    public const string GeneratedKey = "password";

    /// <summary>The label a Secret needs to be usable as spec.redis.passwordSecretRef; the operator watches only such Secrets.</summary>
    public const string OptInLabel = "todo.gitops.dev/redis-password";

    public const string OptInSelector = $"{OptInLabel}=true";

    /// <summary>On the pod templates of Redis and its clients: the version of the password the pods are to run with, so a new one rolls them.</summary>
    public const string VersionAnnotation = "todo.gitops.dev/redis-password-version";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The Secret key the pods read the password from: the user's Secret, else the generated one.</summary>
    public static SecretKeyReference Reference(TodoApp app) =>
        app.Spec.Redis.PasswordSecretRef
        ?? new SecretKeyReference { Name = ChildNames.RedisPasswordSecret(app), Key = GeneratedKey };

    /// <summary>
    /// An environment variable the kubelet fills from the password's Secret key: the password never appears in a pod spec,
    /// a command line, or a config the operator writes.
    /// </summary>
    public static V1EnvVar Variable(TodoApp app, string name)
    {
        var reference = Reference(app);
        return new V1EnvVar
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = reference.Name, Key = reference.Key } },
        };
    }

    /// <summary>
    /// On the pod templates of Redis and the Sentinels: the version of the internal users' passwords alone, which tells a roll
    /// whose pods cannot replicate from each other (<see cref="Sentinel.PrimaryLastRollPlan"/>).
    /// </summary>
    public const string InternalVersionAnnotation = "todo.gitops.dev/redis-internal-users-version";

    /// <summary>The pod template annotations of a client that carry <paramref name="version"/>.</summary>
    public static Dictionary<string, string> Annotations(string version) => new() { [VersionAnnotation] = version };

    /// <summary>The pod template annotations of Redis and the Sentinels: the server version and the internal users' version.</summary>
    public static Dictionary<string, string> ServerAnnotations(ResolvedPassword password) =>
        new() { [VersionAnnotation] = password.ServerVersion, [InternalVersionAnnotation] = password.InternalVersion };

    /// <summary>
    /// Whether Redis can read the password from a double-quoted config value as the pods write it, and the API
    /// (which reads environment variables as UTF-8) sees the same characters.
    /// </summary>
    public static bool IsSupported(byte[] password) =>
        password.All(b => b is >= 0x20 and not (byte)'"' and not (byte)'\\' and not 0x7f) && Utf8.IsValid(password);

    public static bool OptedIn(IKubernetesObject<V1ObjectMeta> secret) =>
        secret.Metadata?.Labels?.TryGetValue(OptInLabel, out var value) is true && value == "true";

    /// <summary>The Secret key of <see cref="RedisPasswordKeySecret"/> that holds the app's version key.</summary>
    public const string VersionKeyKey = "key";

    /// <summary>Bytes of a version key: as many as the HMAC's hash, so the key is never the weak part.</summary>
    public const int VersionKeyLength = 32;

    /// <summary>
    /// The version of a password the user chose: an HMAC of the password itself under the app's own random key, so that
    /// only a new password changes it (a label, an annotation, another key or a refresh with the same value does not), while
    /// the pod templates, readable by more people than the Secret, tell nothing of a password that may be weak enough to guess
    /// from a plain hash, nor whether two apps share one.
    /// </summary>
    public static string VersionOf(byte[] password, byte[] key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, password))[..16];

    /// <summary>A new version key for an app.</summary>
    public static byte[] NewVersionKey() => RandomNumberGenerator.GetBytes(VersionKeyLength);

    /// <summary>The version of a generated password: 190 random bits, so a short digest of it tells nothing about it.</summary>
    public static string VersionOf(string generatedPassword) => Digest(generatedPassword);

    /// <summary>A new random password (32 alphanumerics, about 190 bits), safe in Redis config and URLs.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 32);

    private static string Digest(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
}
