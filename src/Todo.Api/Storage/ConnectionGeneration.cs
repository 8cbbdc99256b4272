using System.Net;
using StackExchange.Redis;

namespace Todo.Api.Storage;

/// <summary>
/// Which connection a multiplexer's writes go over: the one primary it sends them to and how many sockets it has opened
/// to its servers in all (a count that only grows, and grows before a new socket carries anything). Two equal
/// generations taken before a write and after its <c>WAIT</c> mean both went over one socket to one primary; a reconnect
/// or a change of primary in between makes them differ, and no generation without a single known primary equals another.
/// </summary>
internal readonly record struct ConnectionGeneration(EndPoint? Primary, long Sockets)
{
    public bool Covers(ConnectionGeneration earlier) => Primary is not null && this == earlier;

    public static ConnectionGeneration Of(IConnectionMultiplexer multiplexer)
    {
        EndPoint? primary = null;
        var primaries = 0;
        long sockets = 0;
        foreach (var server in multiplexer.GetServers())
        {
            sockets += server.GetCounters().Interactive.SocketCount;
            if (server.IsConnected && !server.IsReplica)
            {
                primary = server.EndPoint;
                primaries++;
            }
        }

        return new ConnectionGeneration(primaries == 1 ? primary : null, sockets);
    }
}
