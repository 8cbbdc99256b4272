using System.Globalization;
using System.Text;
using Todo.Api.Todos;

namespace Todo.Api.Storage;

/// <summary>
/// Reads the reply of <see cref="TodoScripts.Page"/>: one string of records, each the todo's index member
/// (<see cref="SortKey.Length"/> characters), then id, completed, version, order (empty when none), the title's length
/// in bytes and the title, separated by U+001F. One string for a whole chunk costs the client one reply value instead of
/// six per todo, which was most of the API's time for a collection.
/// </summary>
internal static class PageRecords
{
    private const byte Separator = 0x1F;

    public static List<(string Member, TodoItem Item)> Parse(ReadOnlySpan<byte> records)
    {
        var rows = new List<(string, TodoItem)>();
        while (!records.IsEmpty)
        {
            var member = Encoding.ASCII.GetString(records[..SortKey.Length]);
            records = records[SortKey.Length..];
            var id = long.Parse(Field(ref records), NumberStyles.None, CultureInfo.InvariantCulture);
            var completed = Field(ref records) is [(byte)'1'];
            var version = long.Parse(Field(ref records), NumberStyles.None, CultureInfo.InvariantCulture);
            var order = Field(ref records) is { IsEmpty: false } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : (double?)null;
            var titleLength = int.Parse(Field(ref records), NumberStyles.None, CultureInfo.InvariantCulture);
            var title = Encoding.UTF8.GetString(records[..titleLength]);
            records = records[titleLength..];
            rows.Add((member, new TodoItem(id, title, completed, order, version)));
        }

        return rows;
    }

    /// <summary>The bytes up to the next separator; <paramref name="records"/> moves past it.</summary>
    private static ReadOnlySpan<byte> Field(ref ReadOnlySpan<byte> records)
    {
        var end = records.IndexOf(Separator);
        if (end < 0)
        {
            throw new FormatException("The page script returned a record cut short.");
        }

        var field = records[..end];
        records = records[(end + 1)..];
        return field;
    }
}
