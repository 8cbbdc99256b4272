using System.Net.Sockets;

namespace Todo.Api.Storage;

/// <summary>
/// Socket options that let a connection to a Redis server or Sentinel that vanished without a word (its node stopped, or
/// cut off: no FIN, no RST) fail within seconds. Without them the kernel retransmits for about 15 minutes, the client's
/// own dead-socket check waits four command time-outs, and an idle Sentinel subscription is never found dead: the API
/// kept sending every write to a lost primary for the whole 40 s of the node-fault tests, though the Sentinels had
/// promoted a replica after 6 s. A failed connection is what makes the client ask the Sentinels for the new primary.
/// </summary>
internal static class DeadPeerDetection
{
    /// <summary>
    /// How long sent data, or a keep-alive probe, may stay unacknowledged before the kernel drops the connection
    /// (TCP_USER_TIMEOUT). Under the Sentinels' down-after time (5 s), so that the API is looking for the new primary
    /// by the time they promote one, and far above a round trip inside a cluster.
    /// </summary>
    public const int UnacknowledgedMilliseconds = 3_000;

    /// <summary>Idle seconds before the first keep-alive probe, and between probes: a subscription sends nothing else.</summary>
    public const int KeepAliveSeconds = 1;

    private const int IpProtoTcp = 6;
    private const int TcpUserTimeout = 18;

    public static void Apply(Socket socket)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, KeepAliveSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, KeepAliveSeconds);
        if (OperatingSystem.IsLinux())
        {
            // .NET has no name for TCP_USER_TIMEOUT (Linux only); the API's image is Linux.
            socket.SetRawSocketOption(IpProtoTcp, TcpUserTimeout, BitConverter.GetBytes(UnacknowledgedMilliseconds));
        }
    }
}
