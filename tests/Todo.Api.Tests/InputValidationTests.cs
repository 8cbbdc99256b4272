using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>Bad input gets an RFC 7807 problem with the right status and never reaches Redis.</summary>
public sealed class InputValidationTests(SharedRedis redis) : ApiTest(redis)
{
    private const int MaxTitleLength = 500;
    private const int MaxBodyBytes = 16 * 1024;

    [Theory]
    [InlineData("{\"title\":")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"title\"")]
    [InlineData("{\"title\":42}")]
    [InlineData("{\"title\":null}")]
    [InlineData("{\"title\":\"ok\",\"completed\":\"yes\"}")]
    [InlineData("{\"title\":\"ok\",\"completed\":1}")]
    [InlineData("{\"title\":\"ok\",\"order\":\"1\"}")]
    [InlineData("{\"completed\":true}")]
    [InlineData("{\"title\":\"\"}")]
    [InlineData("{\"title\":\"   \"}")]
    [InlineData("{\"title\":\"\\ud800\"}")]
    [InlineData("{\"title\":\"ok \\udc00\\ud800\"}")]
    [InlineData("{\"title\":\"ok\",\"\\ud83d\":1}")]
    [InlineData("{\"title\":\"ok\",\"note\":[\"\\udfff\"]}")]
    [InlineData("{\"title\":\"a\",\"title\":\"b\"}")]
    [InlineData("{\"title\":\"a\",\"ti\\u0074le\":\"b\"}")]
    [InlineData("{\"title\":\"ok\",\"completed\":false,\"completed\":true}")]
    [InlineData("{\"title\":\"ok\",\"extra\":{\"x\":1,\"x\":2}}")]
    [InlineData("{\"title\":\"nul \\u0000 inside\"}")]
    [InlineData("{\"title\":\"tab\\tinside\"}")]
    [InlineData("{\"title\":\"*3\\r\\n$3\\r\\nDEL\"}")]
    [InlineData("{\"title\":\"c1 \\u009b inside\"}")]
    public async Task Create_rejects_malformed_or_invalid_bodies_with_400(string body)
    {
        using var response = await Client.SendJsonAsync(HttpMethod.Post, "/todos", body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await Client.ListTodosAsync());
    }

    [Theory]
    [InlineData("PATCH", "{\"title\":\"\"}")]
    [InlineData("PATCH", "{\"completed\":null}")]
    [InlineData("PATCH", "{\"order\":true}")]
    [InlineData("PATCH", "{oops}")]
    [InlineData("PUT", "{\"completed\":true}")]
    [InlineData("PUT", "{\"title\":[]}")]
    [InlineData("PATCH", "{\"title\":\"\\ud800\"}")]
    [InlineData("PATCH", "{\"\\udbff\":true}")]
    [InlineData("PATCH", "{\"completed\":true,\"completed\":false}")]
    [InlineData("PUT", "{\"title\":\"x\",\"title\":\"y\"}")]
    public async Task Updates_reject_invalid_bodies_with_400_and_leave_the_todo_unchanged(string method, string body)
    {
        var created = await Client.CreateTodoAsync(new { title = "unchanged" });

        using var response = await Client.SendJsonAsync(new HttpMethod(method), created.Url, body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(created, await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/png")]
    public async Task Clients_that_do_not_accept_json_get_the_error_status_without_a_body(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/todos") { Content = new StringContent("{oops", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Paired_surrogate_escapes_and_non_latin_titles_are_accepted()
    {
        using var response = await Client.SendJsonAsync(HttpMethod.Post, "/todos", """{"title":"smile \ud83d\ude00 שלום"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("smile \U0001F600 שלום", (await response.Content.ReadFromJsonAsync<TodoDto>(Ct))!.Title);
    }

    [Fact]
    public async Task Negative_zero_order_is_stored_and_shown_as_zero()
    {
        using var response = await Client.SendJsonAsync(HttpMethod.Post, "/todos", """{"title":"zero","order":-0.0}""");

        var json = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"order\":0,", json, StringComparison.Ordinal);
        using var created = JsonDocument.Parse(json);
        var url = created.RootElement.GetProperty("url").GetString()!;
        Assert.Contains("\"order\":0,", await Client.GetStringAsync(url, Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Non_canonical_forms_of_an_existing_id_are_not_aliases_and_get_404(string method)
    {
        var created = await Client.CreateTodoAsync(new { title = "canonical" });

        foreach (var alias in new[] { $"0{created.Id}", $"000{created.Id}", $"+{created.Id}", $"{created.Id}.0", $"%20{created.Id}", $"{created.Id}%20" })
        {
            using var response = await Client.SendJsonAsync(new HttpMethod(method), $"/todos/{alias}", """{"title":"changed"}""");
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }

        Assert.Equal(created, await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
    }

    [Fact]
    public async Task A_title_of_the_documented_maximum_length_is_accepted_and_one_more_character_is_not()
    {
        var longest = new string('x', MaxTitleLength);

        Assert.Equal(longest, (await Client.CreateTodoAsync(new { title = longest })).Title);
        using var response = await Client.PostAsJsonAsync("/todos", new { title = longest + "x" }, Ct);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_the_documented_limit_gets_413()
    {
        var padding = new string(' ', MaxBodyBytes);

        using var response = await Client.SendJsonAsync(HttpMethod.Post, "/todos", $"{{\"title\":\"big\"{padding}}}");

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("POST", "text/plain")]
    [InlineData("POST", "application/x-www-form-urlencoded")]
    [InlineData("PATCH", "text/plain")]
    [InlineData("PUT", "application/xml")]
    public async Task Writes_with_another_content_type_get_415(string method, string contentType)
    {
        var created = await Client.CreateTodoAsync(new { title = "target" });
        var url = method == "POST" ? "/todos" : created.Url;

        using var response = await Client.SendJsonAsync(new HttpMethod(method), url, """{"title":"x"}""", contentType: contentType);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Unknown_or_impossible_ids_get_404(string method)
    {
        foreach (var id in new[] { "999999", "0", "-1", "abc", "1%3Aseq", "99999999999999999999" })
        {
            using var response = await Client.SendJsonAsync(new HttpMethod(method), $"/todos/{id}", """{"title":"x"}""");
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [InlineData("?completed=maybe")]
    [InlineData("?limit=0")]
    [InlineData("?limit=1001")]
    [InlineData("?limit=ten")]
    [InlineData("?limit=2&after=not-a-cursor")]
    [InlineData("?limit=2&after=FFFFFFFFFFFFFFFF0000000000000001")]
    public async Task Bad_query_parameters_get_400(string query)
    {
        using var response = await Client.GetAsync("/todos" + query, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
    }
}
