using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;

namespace Todo.Api.Todos;

/// <summary>
/// Absolute URLs of the collection and its items. Scheme and host come from the request, which the forwarded
/// headers middleware has already rewritten from X-Forwarded-Proto/Host behind an ingress.
/// </summary>
internal static class TodoLinks
{
    public static string Item(HttpRequest request, long id) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, $"/todos/{id.ToString(CultureInfo.InvariantCulture)}");

    public static string NextPage(HttpRequest request, bool? completed, int limit, string cursor)
    {
        var query = QueryString.Create("limit", limit.ToString(CultureInfo.InvariantCulture)).Add("after", cursor);
        if (completed is { } value)
        {
            query = query.Add("completed", value ? "true" : "false");
        }

        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, "/todos", query);
    }
}
