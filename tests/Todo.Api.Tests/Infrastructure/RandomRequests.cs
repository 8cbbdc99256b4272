using System.Globalization;
using System.Text;

namespace Todo.Api.Tests.Infrastructure;

/// <summary>
/// Random HTTP requests for the API, from a seed: mostly near-valid ones (real routes, ids of existing todos, todo
/// bodies) with random damage, since those reach deepest, plus garbage. Each request comes with a description to
/// reproduce it.
/// </summary>
public sealed class RandomRequests(int seed)
{
    private static readonly string[] KnownMethods = ["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS", "HEAD"];
    private static readonly string[] Escapes = ["\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\u001f", "\\u009b", "\\u202e", "\\\"", "\\\\", "\\/", "\\n", "\\uZZZZ", "\\x41", "\\"];
    private static readonly string[] Numbers = ["0", "-0", "-0.0", "1", "-1", "3.5", "1e308", "1e400", "-1e400", "1E-400", "0.1e1", "01", "1.", ".5", "NaN", "Infinity", "9007199254740993", "123456789012345678901234567890"];

    private readonly Random _random = new(seed);

    /// <summary>Ids of todos that exist (or did): requests aim at them half of the time.</summary>
    public List<long> KnownIds { get; } = [];

    public static bool UsesKnownMethod(HttpRequestMessage request) => KnownMethods.Contains(request.Method.Method);

    public (HttpRequestMessage Request, string Description) Next()
    {
        var method = Method();
        var path = Path(method);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        var description = new StringBuilder($"{method} {path}");

        byte[]? body = method is "POST" or "PATCH" or "PUT" || Chance(0.1) ? Body() : null;
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            var contentType = Chance(0.8)
                ? Pick("application/json", "application/json; charset=utf-8", "Application/JSON")
                : Pick("text/plain", "application/json; charset=latin1", "application/merge-patch+json", "json", "");
            if (contentType.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            description.Append(CultureInfo.InvariantCulture, $"\nContent-Type: {contentType}");
        }

        foreach (var (name, value) in Headers())
        {
            request.Headers.TryAddWithoutValidation(name, value);
            description.Append(CultureInfo.InvariantCulture, $"\n{name}: {value}");
        }

        if (body is not null)
        {
            description.Append(CultureInfo.InvariantCulture, $"\n\n{Encoding.UTF8.GetString(body[..Math.Min(body.Length, 2000)])}");
        }

        return (request, description.ToString());
    }

    private string Method() => _random.Next(100) switch
    {
        < 25 => "GET",
        < 45 => "POST",
        < 60 => "PATCH",
        < 70 => "PUT",
        < 80 => "DELETE",
        < 85 => "OPTIONS",
        < 88 => "HEAD",
        _ => Pick("get", "Post", "TRACE", "CONNECT", "PROPFIND", "OTHER", "X" + Token(_random.Next(1, 300))),
    };

    private string Path(string method) => _random.Next(100) switch
    {
        // POST has one route: most creates aim at it.
        < 80 when method == "POST" => "/todos",
        // DELETE of the whole collection is rare, so that the collection has todos to aim at.
        < 30 when method != "DELETE" || Chance(0.05) => "/todos" + (Chance(0.5) ? Query() : ""),
        < 60 => $"/todos/{KnownId()}",
        < 80 => $"/todos/{IdLike()}",
        < 88 => Pick("/", "/index.html", "/app.js", "/app.css", "/healthz", "/readyz", "/metrics", "/openapi/v1.json", "/todos/", "/todos//1", "/favicon.ico"),
        _ => "/" + string.Join('/', Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Encoded(RandomText(_random.Next(1, 20))))),
    };

    private string KnownId() => KnownIds.Count == 0 ? "1" : KnownIds[_random.Next(KnownIds.Count)].ToString(CultureInfo.InvariantCulture);

    private string IdLike() => _random.Next(10) switch
    {
        0 => "0" + KnownId(),
        1 => "-" + KnownId(),
        // No %00: Kestrel (and the test host) refuse such a path before the API sees it.
        2 => KnownId() + Pick(".0", "%20", "x", "%2F1", ";v=1", "e0"),
        3 => new string('9', _random.Next(1, 40)),
        4 => "0",
        5 => Encoded(RandomText(_random.Next(1, 10))),
        6 => "%EF%BC%91",
        7 => "+" + KnownId(),
        8 => "..%2F..%2Fseq",
        _ => _random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture),
    };

    private string Query()
    {
        var parameters = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => _random.Next(6) switch
        {
            0 => "limit=" + Pick("1", "2", "50", "1000", "1001", "0", "-1", "1e3", "", "abc", "99999999999", "%31%30"),
            1 => "after=" + Pick(new string('0', 32), "ffffffffffffffff0000000000000001", new string('f', 32), "FFFF", "", Encoded(RandomText(32))),
            2 => "completed=" + Pick("true", "false", "TRUE", "1", "", "maybe"),
            3 => "limit=2&limit=3",
            4 => "completed=true&completed=false",
            _ => Encoded(RandomText(_random.Next(0, 10))) + "=" + Encoded(RandomText(_random.Next(0, 10))),
        });
        return "?" + string.Join('&', parameters);
    }

    private IEnumerable<(string Name, string Value)> Headers()
    {
        if (Chance(0.3))
        {
            yield return ("If-Match", EntityTags());
        }

        if (Chance(0.3))
        {
            yield return ("If-None-Match", EntityTags());
        }

        if (Chance(0.3))
        {
            yield return ("Idempotency-Key", Pick("key-" + _random.Next(20), "\"quoted-" + _random.Next(5) + "\"", HeaderText(_random.Next(0, 300)), ""));
        }

        if (Chance(0.2))
        {
            yield return ("X-Forwarded-Host", Pick("todo.example.com", "attacker.example", "a, b", "", HeaderText(30), "todo.example.com:99999"));
        }

        if (Chance(0.2))
        {
            yield return ("X-Forwarded-Proto", Pick("https", "http", "ftp", "", HeaderText(10), "https, http"));
        }

        if (Chance(0.2))
        {
            yield return ("X-Forwarded-For", Pick("203.0.113.1", "::1", "1.2.3.4, 5.6.7.8", "garbage", "", "[::1]:80", HeaderText(20)));
        }

        if (Chance(0.2))
        {
            yield return (TodoApiFactory.PeerHeader, Pick("127.0.0.1", "::1", "198.51.100.7", "2001:db8::1"));
        }

        if (Chance(0.1))
        {
            yield return ("Origin", Pick("https://www.todobackend.com", "null", "", HeaderText(20)));
        }

        if (Chance(0.05))
        {
            yield return ("Access-Control-Request-Method", Pick("DELETE", "PUT", "FOO", ""));
        }

        if (Chance(0.1))
        {
            yield return ("Accept", Pick("application/json", "text/html", "*/*", "application/problem+json", HeaderText(10)));
        }
    }

    private string EntityTags() => _random.Next(8) switch
    {
        0 => "*",
        1 => $"\"{_random.Next(0, 5)}\"",
        2 => $"W/\"{_random.Next(0, 5)}\"",
        3 => string.Join(Pick(",", ", ", " ,", ",,"), Enumerable.Range(0, _random.Next(1, 5)).Select(_ => Pick("\"1\"", "W/\"2\"", "\"3\"", "*", "\"a,b\"", "\"\""))),
        4 => Pick("1", "\"1", "W/1", "w/\"1\"", "\"1\" \"2\"", "", " "),
        5 => $"\"{new string('9', _random.Next(1, 30))}\"",
        6 => $"\"0{_random.Next(1, 5)}\"",
        _ => HeaderText(_random.Next(0, 40)),
    };

    private byte[] Body()
    {
        var json = _random.Next(10) switch
        {
            < 4 => TodoJson(),
            < 7 => Mutate(TodoJson()),
            7 => Nested(_random.Next(1, 120)),
            8 => Pick("", "null", "[]", "\"title\"", "42", "{}", "{\"title\":\"a\"}{}", "\uFEFF{\"title\":\"bom\"}", "{\"title\":\"a\"", new string('{', 5000)),
            _ => null,
        };
        if (json is not null)
        {
            return Encoding.UTF8.GetBytes(json);
        }

        var bytes = new byte[_random.Next(0, Chance(0.1) ? 20_000 : 200)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string TodoJson()
    {
        var members = new List<string>();
        if (Chance(0.9))
        {
            members.Add($"\"title\":{(Chance(0.5) ? $"\"todo {_random.Next(1000)}\"" : Value(title: true))}");
        }

        if (Chance(0.5))
        {
            members.Add($"\"completed\":{Pick("true", "false", "null", "1", "\"true\"", "[]")}");
        }

        if (Chance(0.5))
        {
            members.Add($"\"order\":{(Chance(0.8) ? Pick(Numbers) : Value(title: false))}");
        }

        if (Chance(0.2))
        {
            members.Add($"\"{Pick("id", "url", "title", "completed", "order", "ti\\u0074le", "\\ud800", "")}\":{Value(title: false)}");
        }

        return "{" + string.Join(Pick(",", " , ", ",\n"), members.OrderBy(_ => _random.Next())) + "}";
    }

    private string Value(bool title) => _random.Next(8) switch
    {
        < 4 => "\"" + JsonText(title ? _random.Next(0, Chance(0.1) ? 600 : 40) : _random.Next(0, 10)) + "\"",
        4 => Pick(Numbers),
        5 => Pick("true", "null", "[]", "{}", "[\"\\ud800\"]", "{\"a\":1,\"a\":2}"),
        6 => "\"" + new string('x', Pick(499, 500, 501)) + "\"",
        _ => "\"  " + JsonText(5) + "  \"",
    };

    private string JsonText(int length)
    {
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append(_random.Next(10) switch
            {
                < 6 => (char)_random.Next('a', 'z' + 1),
                6 => Pick(Escapes),
                7 => Pick("é", "ש", "🙂", "\u202e", "字", " "),
                8 => Pick("\t", "\u0001", "\u007f", "\u0085"),
                _ => Pick("'", "]]", "--", "%", "*", "{", ":", "$"),
            });
        }

        return text.ToString();
    }

    private string Mutate(string json)
    {
        var text = new StringBuilder(json);
        for (var i = _random.Next(1, 4); i > 0 && text.Length > 0; i--)
        {
            var at = _random.Next(text.Length);
            switch (_random.Next(5))
            {
                case 0:
                    text.Remove(at, 1);
                    break;
                case 1:
                    text.Insert(at, Pick("\"", ",", "{", "}", "[", "]", ":", "\\", " ", "\u0000", "\\ud800"));
                    break;
                case 2:
                    text[at] = (char)_random.Next(0x20, 0x7f);
                    break;
                case 3:
                    text.Insert(at, text.ToString(at, Math.Min(10, text.Length - at)));
                    break;
                default:
                    text.Length = at;
                    break;
            }
        }

        return text.ToString();
    }

    private string Nested(int depth) =>
        "{\"title\":\"deep\",\"x\":" + string.Concat(Enumerable.Repeat(Chance(0.5) ? "[" : "{\"a\":", depth)) + "1"
        + string.Concat(Enumerable.Range(0, depth).Select(_ => Pick("]", "}"))) + "}";

    private string RandomText(int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)(Chance(0.9) ? _random.Next(0x20, 0x7f) : _random.Next(0x80, 0x800))).ToArray());

    /// <summary>Header values travel as visible ASCII, space, tab and obs-text (Latin-1), never CR, LF or NUL.</summary>
    private string HeaderText(int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)(Chance(0.95) ? _random.Next(0x20, 0x7f) : _random.Next(0xa0, 0x100))).ToArray());

    private string Token(int length) =>
        new(Enumerable.Range(0, length).Select(_ => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~"[_random.Next(77)]).ToArray());

    private static string Encoded(string text) => Uri.EscapeDataString(text);

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];
}
