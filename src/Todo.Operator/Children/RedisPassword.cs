using System.Security.Cryptography;
using System.Text.Unicode;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Children;

/// <summary>Where the Redis password lives, and how a new one is made.</summary>
internal static class RedisPassword
{
    public const string GeneratedKey = "password";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The Secret key the pods read the password from: the user's Secret, else the generated one.</summary>
    public static SecretKeyReference Reference(TodoApp app) =>
        app.Spec.Redis.Password.ExistingSecret
        ?? new SecretKeyReference { Name = ChildNames.RedisPasswordSecret(app), Key = GeneratedKey };

    /// <summary>
    /// Whether Redis can read the password from a double-quoted config value as the pods write it, and the API
    /// (which reads environment variables as UTF-8) sees the same characters.
    /// </summary>
    public static bool IsSupported(byte[] password) =>
        password.All(b => b is >= 0x20 and not (byte)'"' and not (byte)'\\' and not 0x7f) && Utf8.IsValid(password);

    /// <summary>A new random password (32 alphanumerics, about 190 bits), safe in Redis config and URLs.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 32);
}
