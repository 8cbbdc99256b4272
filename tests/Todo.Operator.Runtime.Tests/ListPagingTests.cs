using System.Net;
using System.Text;
using System.Web;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// Lists are read in pages, as client-go's pager reads them, so that no answer is bigger than a page: the items of every
/// page, in order, at the snapshot's resourceVersion; an expired continue token makes one unpaged list instead.
/// </summary>
public sealed class ListPagingTests
{
    private static readonly ResourceType Secrets = ResourceType.Of<V1Secret>();

    [Fact]
    public async Task A_list_reads_every_page_with_the_limit_and_the_continue_token_of_the_one_before()
    {
        var server = new PagedServer(pages: 3);

        var list = await Client(server).ListAsync<V1Secret>(Secrets, "team-a", "app=shop", null, TestContext.Current.CancellationToken);

        Assert.Equal(["s-0", "s-1", "s-2"], list.Items.Select(item => item.Metadata.Name));
        Assert.Equal("90", list.ResourceVersion);
        Assert.Equal(
            [
                "/api/v1/namespaces/team-a/secrets?labelSelector=app%3Dshop&limit=100",
                "/api/v1/namespaces/team-a/secrets?labelSelector=app%3Dshop&limit=100&continue=page-1",
                "/api/v1/namespaces/team-a/secrets?labelSelector=app%3Dshop&limit=100&continue=page-2",
            ],
            server.Requests);
    }

    [Fact]
    public async Task A_list_whose_continue_token_expired_is_read_again_unpaged()
    {
        var server = new PagedServer(pages: 3) { ExpiredToken = "page-2" };

        var list = await Client(server).ListAsync<V1Secret>(Secrets, "team-a", null, null, TestContext.Current.CancellationToken);

        Assert.Equal(["whole"], list.Items.Select(item => item.Metadata.Name));
        Assert.Equal("/api/v1/namespaces/team-a/secrets", server.Requests[^1]);
        Assert.Equal(4, server.Requests.Count);
    }

    private static ResourceClient Client(PagedServer server) =>
        new(new KubernetesConnection(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, server), Options.Create(new OperatorOptions()));

    /// <summary>
    /// Serves a list of <c>pages</c> pages of one Secret each (continue tokens page-1, page-2, ...), a request without a
    /// limit one Secret named whole, and 410 Gone for <see cref="ExpiredToken"/>.
    /// </summary>
    private sealed class PagedServer(int pages) : DelegatingHandler
    {
        public List<string> Requests { get; } = [];

        public string? ExpiredToken { get; init; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.PathAndQuery);
            var query = HttpUtility.ParseQueryString(request.RequestUri.Query);
            var token = query["continue"];
            if (token is not null && token == ExpiredToken)
            {
                return Answer(HttpStatusCode.Gone, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}""");
            }

            if (query["limit"] is null)
            {
                return Answer(HttpStatusCode.OK, """{"metadata":{"resourceVersion":"95"},"items":[{"metadata":{"name":"whole","namespace":"team-a"}}]}""");
            }

            var page = token is null ? 0 : int.Parse(token["page-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var next = page + 1 < pages ? $"\"continue\":\"page-{page + 1}\"," : string.Empty;
            var item = $$$"""{"metadata":{"name":"s-{{{page}}}","namespace":"team-a"}}""";
            return Answer(HttpStatusCode.OK, $$"""{"metadata":{{{next}}"resourceVersion":"90"},"items":[{{item}}]}""");
        }

        private static Task<HttpResponseMessage> Answer(HttpStatusCode status, string body) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
