using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;

namespace Todo.Api.Todos;

/// <summary>
/// The URLs the API hands out: a todo's <c>url</c>, a new todo's <c>Location</c> and the next page's <c>Link</c>.
/// They are absolute only when public hosts are configured (<see cref="ApiOptions.PublicHosts"/>): a /todos request is
/// then served only under one of them (<c>PublicHostFilter</c>), and a trusted proxy's X-Forwarded-Host counts only
/// when it names one of them. Without public hosts they are relative, a path from the root (below the path base), so
/// that no Host or X-Forwarded-Host a client sends can ever reach a link: a client resolves them against the URL it
/// called, as RFC 9110 and RFC 8288 provide for Location and Link.
/// </summary>
internal sealed class TodoLinks(IOptions<ApiOptions> options)
{
    private readonly bool _absolute = options.Value.PublicHostList.Count > 0;

    public string Item(HttpRequest request, long id) =>
        Build(request, $"/todos/{id.ToString(CultureInfo.InvariantCulture)}", QueryString.Empty);

    /// <summary>The URL of the collection with a trailing slash, as UTF-8: a todo's URL is this and its id.</summary>
    public byte[] ItemUrlPrefix(HttpRequest request) => Encoding.UTF8.GetBytes(Build(request, "/todos/", QueryString.Empty));

    public string NextPage(HttpRequest request, bool? completed, int limit, string cursor)
    {
        var query = QueryString.Create("limit", limit.ToString(CultureInfo.InvariantCulture)).Add("after", cursor);
        if (completed is { } value)
        {
            query = query.Add("completed", value ? "true" : "false");
        }

        return Build(request, "/todos", query);
    }

    private string Build(HttpRequest request, string path, QueryString query) =>
        _absolute
            ? UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, path, query)
            : UriHelper.BuildRelative(request.PathBase, path, query);
}
