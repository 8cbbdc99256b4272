using System.Net;
using Todo.Operator.Crd;

namespace Todo.Operator.TodoApi;

/// <summary>
/// The proxies whose X-Forwarded-* headers the API honours (Api__TrustedProxies): the client address the rate limiter keys
/// on and the scheme of absolute links come from them. spec.ingress.trustedProxies defaults to every private range, which
/// is safe only while the API's NetworkPolicy lets nothing but the ingress controller (spec.networkPolicy.ingressFrom)
/// reach its HTTP port: without that policy any pod of the cluster could claim any client address. So without it, an entry
/// as wide as a whole private range (or wider) is dropped, and only the addresses a user narrowed the list to are trusted.
/// </summary>
internal static class TodoApiProxies
{
    private static readonly IPNetwork[] PrivateRanges =
        [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("fc00::/7")];

    public static IReadOnlyList<string> Trusted(TodoApp app) =>
        app.Spec.NetworkPolicy.Enabled
            ? [.. app.Spec.Ingress.TrustedProxies]
            : [.. app.Spec.Ingress.TrustedProxies.Where(proxy => !IsBlanket(proxy))];

    /// <summary>Whether the entry spans at least one whole private range: every pod of a cluster, not its ingress controller.</summary>
    private static bool IsBlanket(string proxy) =>
        IPNetwork.TryParse(proxy, out var network)
        && PrivateRanges.Any(range => range.BaseAddress.AddressFamily == network.BaseAddress.AddressFamily
            && network.PrefixLength <= range.PrefixLength
            && network.Contains(range.BaseAddress));
}
