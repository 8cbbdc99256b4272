using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Todo.Api.Http;

/// <summary>
/// X-Forwarded-For and -Proto are honoured only when they come from a configured proxy
/// (<see cref="ApiOptions.TrustedProxies"/>, none by default): from anyone else they are ignored. X-Forwarded-Host is
/// honoured only from such a proxy and only when it names a configured public host: it matters for the absolute links
/// alone, which exist only under public hosts (<see cref="Todos.TodoLinks"/>).
/// </summary>
internal static class ProxySetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ApiOptions>>((forwarded, api) =>
        {
            var proxies = api.Value.TrustedProxyList;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            // With both lists empty the middleware would trust every peer; no trusted proxy means no forwarding.
            forwarded.ForwardedHeaders = proxies.Count == 0 ? ForwardedHeaders.None
                : api.Value.PublicHostList.Count == 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // A chain of trusted proxies is followed to the first untrusted address, however long.
            forwarded.ForwardLimit = null;
            foreach (var proxy in proxies)
            {
                if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
                else
                {
                    forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
                }
            }

            forwarded.AllowedHosts = [.. api.Value.PublicHostList];
        });
        return services;
    }
}
