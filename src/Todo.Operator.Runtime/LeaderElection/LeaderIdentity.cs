using System.Security.Cryptography;

namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>Pod name (or host name) plus a random suffix, so a restarted pod never mistakes the old lease for its own.</summary>
internal static class LeaderIdentity
{
    public static string Create()
    {
        var host = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;
        return $"{host}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }
}
