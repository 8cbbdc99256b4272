using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using Todo.Api.Storage;

namespace Todo.Api.Tests;

/// <summary>
/// Every socket the API opens to Redis or to a Sentinel fails within seconds once its peer stops answering: the options
/// are read back from a socket as the client library prepares it, for both ways of connecting. That a failover then
/// completes while the old primary's node is gone is shown by the three-node tests (SentinelNodeFaultTests).
/// </summary>
public sealed class DeadPeerDetectionTests
{
    private const int IpProtoTcp = 6;
    private const int TcpUserTimeout = 18;

    public static TheoryData<string> Connections => new() { "direct", "sentinel" };

    [Theory]
    [MemberData(nameof(Connections))]
    public void Sockets_to_redis_give_up_on_a_silent_peer_within_seconds(string connection)
    {
        var options = new RedisOptions { Endpoint = "redis:6379" };
        if (connection == "sentinel")
        {
            options.SentinelEndpoints = "sentinel-0:26379,sentinel-1:26379";
            options.SentinelServiceName = "todo";
        }

        var prepare = RedisStorageExtensions.ToConfiguration(options, "test").BeforeSocketConnect;
        Assert.NotNull(prepare);
        using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        prepare(new DnsEndPoint("redis", 6379), ConnectionType.Subscription, socket);

        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(DeadPeerDetection.KeepAliveSeconds, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(DeadPeerDetection.KeepAliveSeconds, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        var userTimeout = new byte[sizeof(int)];
        socket.GetRawSocketOption(IpProtoTcp, TcpUserTimeout, userTimeout);
        Assert.Equal(3_000, BitConverter.ToInt32(userTimeout));
    }
}
