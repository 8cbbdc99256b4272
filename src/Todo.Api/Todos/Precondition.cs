using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Todo.Api.Todos;

/// <summary>
/// Strong ETags are the todo's version in quotes. An <c>If-Match</c> request header becomes the version a write
/// expects; the store compares it atomically with the stored one.
/// </summary>
internal sealed record Precondition(long? ExpectedVersion)
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Null when the request has no If-Match; <c>*</c> matches any existing todo.</summary>
    public static Precondition? FromIfMatch(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }

        var tags = header.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        return tags switch
        {
            ["*"] => new Precondition((long?)null),
            [var tag] => new Precondition(ParseStrong(tag)),
            _ => throw new BadHttpRequestException("If-Match must be one entity tag or '*'.", StatusCodes.Status400BadRequest),
        };
    }

    /// <summary>A weak or foreign tag can never match a strong one: version 0 is never stored.</summary>
    private static long ParseStrong(string tag) =>
        tag is ['"', .. var inner, '"'] && long.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : 0;
}
