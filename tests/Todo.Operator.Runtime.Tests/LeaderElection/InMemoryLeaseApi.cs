using System.Globalization;
using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Tests.LeaderElection;

/// <summary>
/// The Lease part of an API server, in memory, for one Lease: GET, POST (409 when it exists) and PUT (409 unless the
/// resourceVersion is current). <see cref="GiveTo"/> writes as another elector would; <see cref="Hang"/> makes every
/// request wait until its caller gives up.
/// </summary>
internal sealed class InMemoryLeaseApi : DelegatingHandler
{
    private readonly Lock gate = new();
    private V1Lease? lease;
    private int version;
    private volatile bool hanging;

    public V1Lease? Lease
    {
        get
        {
            lock (gate)
            {
                return lease;
            }
        }
    }

    public void Hang() => hanging = true;

    /// <summary>Another writer takes the Lease for an hour, as one whose clock says it expired would.</summary>
    public void GiveTo(string holder)
    {
        lock (gate)
        {
            var taken = lease ?? throw new InvalidOperationException("There is no Lease to take.");
            taken.Spec.HolderIdentity = holder;
            taken.Spec.LeaseDurationSeconds = 3600;
            taken.Spec.RenewTime = DateTime.UtcNow;
            taken.Metadata.ResourceVersion = (++version).ToString(CultureInfo.InvariantCulture);
        }
    }

    public IResourceClient Client() =>
        new ResourceClient(new KubernetesConnection(new KubernetesClientConfiguration { Host = "http://lease-api.invalid" }, this), Options.Create(new OperatorOptions()));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (hanging)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var sent = request.Content is null ? null : ModelJson.Deserialize<V1Lease>(await request.Content.ReadAsStringAsync(cancellationToken));
        lock (gate)
        {
            if (request.Method == HttpMethod.Get)
            {
                return lease is null ? Answer(request, HttpStatusCode.NotFound) : Answer(request, HttpStatusCode.OK, lease);
            }

            if (request.Method == HttpMethod.Post && lease is not null)
            {
                return Answer(request, HttpStatusCode.Conflict);
            }

            if (request.Method == HttpMethod.Put && sent?.Metadata.ResourceVersion != lease?.Metadata.ResourceVersion)
            {
                return Answer(request, HttpStatusCode.Conflict);
            }

            lease = sent!;
            lease.Metadata.ResourceVersion = (++version).ToString(CultureInfo.InvariantCulture);
            return Answer(request, request.Method == HttpMethod.Post ? HttpStatusCode.Created : HttpStatusCode.OK, lease);
        }
    }

    private static HttpResponseMessage Answer(HttpRequestMessage request, HttpStatusCode status, V1Lease? body = null) =>
        new(status)
        {
            RequestMessage = request,
            Content = new StringContent(
                body is null ? $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","code":{{(int)status}}}""" : ModelJson.Serialize(body),
                Encoding.UTF8,
                "application/json"),
        };
}
