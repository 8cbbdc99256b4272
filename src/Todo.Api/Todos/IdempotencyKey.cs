using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Todo.Api.Todos;

/// <summary>
/// The <c>Idempotency-Key</c> of a POST (draft-ietf-httpapi-idempotency-key-header): the same key with the same todo
/// creates it once, however often the client retries. <see cref="Fingerprint"/> tells a retry from a reuse of the
/// key for a different todo.
/// </summary>
internal sealed record IdempotencyKey(string Value, string Fingerprint)
{
    public const string HeaderName = "Idempotency-Key";

    public const int MaxLength = 255;

    /// <summary>How long a key is remembered; it is forgotten earlier when its todo is deleted.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Null when the request has no key.</summary>
    public static IdempotencyKey? From(StringValues header, NewTodo todo)
    {
        if (header.Count == 0)
        {
            return null;
        }

        // The draft makes the key a structured-field string ("..."); the bare form is what most clients send.
        var value = header is [['"', .. var quoted, '"']] ? quoted : header.Count == 1 ? header[0]! : "";
        if (value.Length is 0 or > MaxLength || !value.All(c => c is > ' ' and <= '~' and not '"' and not '\\'))
        {
            throw new BadHttpRequestException(
                $"{HeaderName} must be one value of 1 to {MaxLength} visible ASCII characters (such as a UUID).",
                StatusCodes.Status400BadRequest);
        }

        return new IdempotencyKey(value, FingerprintOf(todo));
    }

    private static string FingerprintOf(NewTodo todo)
    {
        var canonical = string.Join(
            '\n',
            todo.Title,
            todo.Completed ? "1" : "0",
            todo.Order?.ToString("R", CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
