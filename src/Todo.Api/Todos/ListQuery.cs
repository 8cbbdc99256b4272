using System.Globalization;

namespace Todo.Api.Todos;

/// <summary>The collection's query string: <c>completed</c> filter, page size <c>limit</c> and cursor <c>after</c>.</summary>
internal sealed record ListQuery(bool? Completed, int? Limit, string? After)
{
    public static ListQuery From(IQueryCollection query)
    {
        bool? completed = query["completed"].ToString() switch
        {
            "" => null,
            "true" => true,
            "false" => false,
            _ => throw Invalid("'completed' must be true or false."),
        };

        int? limit = query["limit"].ToString() switch
        {
            "" => null,
            var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= TodoLimits.MaxPageSize => n,
            _ => throw Invalid($"'limit' must be an integer from 1 to {TodoLimits.MaxPageSize}."),
        };

        string? after = query["after"].ToString() switch
        {
            "" => null,
            var cursor when Storage.SortKey.IsValid(cursor) => cursor,
            _ => throw Invalid("'after' is not a cursor this API issued."),
        };

        return new ListQuery(completed, limit, after);
    }

    private static BadHttpRequestException Invalid(string detail) => new(detail, StatusCodes.Status400BadRequest);
}
