using System.Globalization;

namespace Todo.Api.Storage;

/// <summary>
/// Index members are 32 hex digits: the todo's <c>order</c> encoded so that string order equals numeric order,
/// then its creation sequence. All members share score 0, so ZRANGEBYLEX gives the stable order
/// (by order, then creation) and a member is a keyset cursor for paging.
/// </summary>
internal static class SortKey
{
    public const int Length = 32;

    /// <summary>Todos without an order sort after every ordered one.</summary>
    private const string Unordered = "ffffffffffffffff";

    public static string OrderPart(double? order)
    {
        if (order is not { } value)
        {
            return Unordered;
        }

        // -0 and 0 are the same order.
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value == 0 ? 0d : value);
        // IEEE 754 bits sort like the numbers once negatives are inverted and positives get their sign bit set.
        var sortable = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
        return sortable.ToString("x16", CultureInfo.InvariantCulture);
    }

    public static bool IsValid(string member) =>
        member.Length == Length && member.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
