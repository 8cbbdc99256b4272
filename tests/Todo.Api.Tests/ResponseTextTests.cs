using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Todo.Api.Tests.Infrastructure;
using Todo.Api.Todos;

namespace Todo.Api.Tests;

/// <summary>
/// Titles come back as the UTF-8 they were sent in, from every response that carries todos, stored in and read back
/// from Redis; only what is unsafe in an HTML or script context is escaped.
/// </summary>
public sealed class ResponseTextTests(SharedRedis redis) : ApiTest(redis)
{
    private const string NonAscii = "naïve ☃ 日本 שלום 🙂";

    [Fact]
    public async Task Non_ascii_titles_come_back_as_written_from_every_response()
    {
        using var created = await Client.SendJsonAsync(HttpMethod.Post, "/todos", JsonSerializer.Serialize(new { title = NonAscii }));
        var url = (await created.Content.ReadFromJsonAsync<TodoDto>(Ct))!.Url;
        using var patched = await Client.SendJsonAsync(HttpMethod.Patch, url, """{"completed":true}""");

        foreach (var body in new[]
        {
            await created.Content.ReadAsByteArrayAsync(Ct),
            await patched.Content.ReadAsByteArrayAsync(Ct),
            await Client.GetByteArrayAsync(url, Ct),
            await Client.GetByteArrayAsync("/todos", Ct),
            await Client.GetByteArrayAsync("/todos?limit=5", Ct),
        })
        {
            var text = Encoding.UTF8.GetString(body);
            Assert.Contains($"\"title\":\"{NonAscii}\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Characters_unsafe_in_html_are_escaped_and_read_back_unchanged()
    {
        const string Title = "<b>\"Tom\" & 'Jerry'</b> +1 `x` \\ é";

        using var created = await Client.SendJsonAsync(HttpMethod.Post, "/todos", JsonSerializer.Serialize(new { title = Title }));
        var text = await created.Content.ReadAsStringAsync(Ct);

        Assert.Contains("""\u003Cb\u003E\u0022Tom\u0022 \u0026 \u0027Jerry\u0027\u003C/b\u003E \u002B1 \u0060x\u0060 \\ é""", text, StringComparison.Ordinal);
        Assert.Equal(Title, JsonDocument.Parse(text).RootElement.GetProperty("title").GetString());
    }

    /// <summary>
    /// What no request can store but the writer must still never emit raw: a lone surrogate (the replacement character,
    /// escaped, as before), controls, and U+2028/U+2029, which end a line in older JavaScript. (Not theory data: the test
    /// runner would mangle the lone surrogates.)
    /// </summary>
    [Fact]
    public void The_writer_escapes_what_no_client_should_get_raw()
    {
        (string Title, string Written)[] cases =
        [
            ("a\ud800b", "a\\uFFFDb"),
            ("a\udc00", "a\\uFFFD"),
            ("\udc00\ud800 pair reversed", "\\uFFFD\\uFFFD pair reversed"),
            ("line\u2028para\u2029", "line\\u2028para\\u2029"),
            ("tab\tnul\0c1\u0085del\u007f", "tab\\tnul\\u0000c1\\u0085del\\u007F"),
            ("pair \U0001F600 ok", "pair \U0001F600 ok"),
        ];

        foreach (var (title, written) in cases)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, TodoJson.WriterOptions))
            {
                TodoJson.Write(writer, new TodoItem(1, title, false, null, 1), "/todos/"u8);
            }

            Assert.Equal($$"""{"id":1,"title":"{{written}}","completed":false,"url":"/todos/1"}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }
}
