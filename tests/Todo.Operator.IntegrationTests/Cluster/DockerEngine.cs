using System.Net.Sockets;

namespace Todo.Operator.IntegrationTests.Cluster;

internal static class DockerEngine
{
    private const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>Why no Docker engine can be used, or null when one answers.</summary>
    public static string? UnavailableReason()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 })
        {
            return null;
        }

        if (!File.Exists(DefaultSocket))
        {
            return $"no Docker engine: DOCKER_HOST is unset and {DefaultSocket} does not exist";
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(DefaultSocket));
            return null;
        }
        catch (SocketException e)
        {
            return $"no Docker engine answers on {DefaultSocket}: {e.Message}";
        }
    }
}
