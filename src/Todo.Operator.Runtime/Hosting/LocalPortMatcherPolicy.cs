using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>Endpoint metadata: the endpoint answers only on connections accepted on this local port.</summary>
internal sealed record LocalPortMetadata(int Port);

/// <summary>
/// Routes an endpoint that carries <see cref="LocalPortMetadata"/> only for connections to that port. ASP.NET's
/// <c>RequireHost</c> matches the Host header, which the client chooses: a request to the probe port saying
/// <c>Host: x:8080</c> reached /metrics there, on a port the NetworkPolicy opens to everyone.
/// </summary>
internal sealed class LocalPortMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    /// <summary>Before the host and method policies: a request on the wrong port is a 404, whatever else it says.</summary>
    public override int Order => -1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(endpoint => endpoint.Metadata.GetMetadata<LocalPortMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var port = httpContext.Connection.LocalPort;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<LocalPortMetadata>() is { } required && required.Port != port)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
