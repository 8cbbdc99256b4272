using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Todo.Api.Todos;

/// <summary>
/// The value of an If-Match or If-None-Match header (RFC 9110, sections 13.1.1 and 13.1.2): <c>*</c>, or a list of
/// entity tags, each strong (<c>"3"</c>) or weak (<c>W/"3"</c>), spread over any number of header lines.
/// A todo's ETag is its version in quotes.
/// </summary>
internal sealed class EntityTagCondition
{
    /// <summary>etagc: %x21 / %x23-7E / obs-text (%x80-FF).</summary>
    private static readonly SearchValues<char> EntityTagCharacters = SearchValues.Create(
        Enumerable.Range(0x21, 1).Concat(Enumerable.Range(0x23, 0x7E - 0x23 + 1)).Concat(Enumerable.Range(0x80, 0x80)).Select(c => (char)c).ToArray());

    private readonly List<(string Opaque, bool Weak)> _tags;

    private EntityTagCondition(bool any, List<(string Opaque, bool Weak)> tags)
    {
        Any = any;
        _tags = tags;
    }

    /// <summary><c>*</c>: any current representation.</summary>
    public bool Any { get; }

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Null when the request has no such header.</summary>
    /// <exception cref="BadHttpRequestException">The value is not <c>*</c> nor a list of entity tags.</exception>
    public static EntityTagCondition? Parse(StringValues header, string name)
    {
        if (header.Count == 0)
        {
            return null;
        }

        var text = string.Join(',', header.ToArray());
        if (text.Trim(' ', '\t') == "*")
        {
            return new EntityTagCondition(any: true, []);
        }

        var tags = new List<(string, bool)>();
        var position = 0;
        while (true)
        {
            // Empty list elements and whitespace around them are allowed (RFC 9110, section 5.6.1).
            while (position < text.Length && text[position] is ' ' or '\t' or ',')
            {
                position++;
            }

            if (position == text.Length)
            {
                return tags.Count > 0 ? new EntityTagCondition(any: false, tags) : throw Malformed(name);
            }

            var weak = string.CompareOrdinal(text, position, "W/", 0, 2) == 0;
            var opening = weak ? position + 2 : position;
            var closing = opening < text.Length && text[opening] == '"' ? text.IndexOf('"', opening + 1) : -1;
            if (closing < 0 || text.AsSpan(opening + 1, closing - opening - 1).ContainsAnyExcept(EntityTagCharacters))
            {
                throw Malformed(name);
            }

            tags.Add((text[(opening + 1)..closing], weak));
            position = closing + 1;
            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }

            if (position < text.Length && text[position] != ',')
            {
                throw Malformed(name);
            }
        }
    }

    /// <summary>Strong comparison, as If-Match uses: a weak tag never matches, and "03" is not "3".</summary>
    public bool MatchesStrongly(long version) =>
        Any || _tags.Exists(tag => !tag.Weak && tag.Opaque == Opaque(version));

    /// <summary>Weak comparison, as If-None-Match uses: W/"3" matches "3".</summary>
    public bool MatchesWeakly(long version) => Any || _tags.Exists(tag => tag.Opaque == Opaque(version));

    /// <summary>
    /// The versions the store may compare atomically with the stored one: "*", or those tags (strong ones only for a
    /// strong comparison) that can name a version, as ",3,5," (",," matches nothing).
    /// </summary>
    public string Versions(bool strong) =>
        Any ? "*" : "," + string.Join(',', _tags.Where(tag => (!strong || !tag.Weak) && IsVersion(tag.Opaque)).Select(tag => tag.Opaque)) + ",";

    private static BadHttpRequestException Malformed(string name) =>
        new($"{name} must be * or a list of entity tags such as \"3\" or W/\"3\".", StatusCodes.Status400BadRequest);

    private static string Opaque(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static bool IsVersion(string opaque) => opaque is [>= '1' and <= '9', ..] && opaque.All(char.IsAsciiDigit);
}
