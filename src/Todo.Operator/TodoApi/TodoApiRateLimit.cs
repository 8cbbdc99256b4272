using System.Globalization;
using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.TodoApi;

/// <summary>
/// The API's per-client rate limit (a token bucket per client address, which the API applies to everything but probes and
/// metrics): on by default wherever the operator deploys it, so one client cannot take the API, and Redis behind it, for
/// itself. Only where the API can tell clients apart: behind an Ingress whose proxies it does not trust
/// (<see cref="TodoApiProxies"/>), every client would share the ingress controller's one budget, and a default limit
/// would cap the whole app.
/// </summary>
internal static class TodoApiRateLimit
{
    /// <summary>Requests per second per client: far above what a person at the page or a script of theirs makes.</summary>
    public const int DefaultPermitsPerSecond = 50;

    /// <summary>Requests a client may make at once: a page load, or a Todo-Backend client's burst.</summary>
    public const int DefaultBurst = 100;

    public static IEnumerable<V1EnvVar> Environment(TodoApp app)
    {
        if (app.Spec.Ingress.Enabled && TodoApiProxies.Trusted(app).Count == 0)
        {
            yield break;
        }

        yield return new V1EnvVar { Name = "Api__RateLimit__PermitsPerSecond", Value = DefaultPermitsPerSecond.ToString(CultureInfo.InvariantCulture) };
        yield return new V1EnvVar { Name = "Api__RateLimit__Burst", Value = DefaultBurst.ToString(CultureInfo.InvariantCulture) };
    }
}
