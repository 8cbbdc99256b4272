using System.Globalization;
using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.TodoApi;

/// <summary>
/// The API's per-client rate limit (a token bucket per client address, which the API applies to everything but probes and
/// metrics): spec.rateLimit as written, and without it a default wherever the operator deploys the API, so one client cannot
/// take the API, and Redis behind it, for itself. The default only where the API can tell clients apart: behind an Ingress
/// whose proxies it does not trust (<see cref="TodoApiProxies"/>), every client would share the ingress controller's one
/// budget, and a default limit would cap the whole app; a limit in the spec is taken as meant there too.
/// </summary>
internal static class TodoApiRateLimit
{
    public static IEnumerable<V1EnvVar> Environment(TodoApp app)
    {
        if (app.Spec.RateLimit is null && app.Spec.Ingress.Enabled && TodoApiProxies.Trusted(app).Count == 0)
        {
            yield break;
        }

        var limit = app.Spec.RateLimit ?? new RateLimitSpec();
        if (limit.PermitsPerSecond == 0)
        {
            yield break;
        }

        yield return new V1EnvVar { Name = "Api__RateLimit__PermitsPerSecond", Value = limit.PermitsPerSecond.ToString(CultureInfo.InvariantCulture) };
        yield return new V1EnvVar { Name = "Api__RateLimit__Burst", Value = Burst(limit).ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary>Without one in the spec, two seconds' worth (100 at the default 50 per second): a page load, or a Todo-Backend client's burst.</summary>
    private static int Burst(RateLimitSpec limit) => limit.Burst ?? (int)Math.Min(2L * limit.PermitsPerSecond, RateLimitSpec.MaxPermits);
}
