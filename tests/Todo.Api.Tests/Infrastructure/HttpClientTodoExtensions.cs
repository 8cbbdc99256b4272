using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Todo.Api.Tests.Infrastructure;

public static class HttpClientTodoExtensions
{
    public static async Task<TodoDto> CreateTodoAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/todos", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TodoDto>())!;
    }

    public static async Task<TodoDto[]> ListTodosAsync(this HttpClient client, string query = "")
    {
        using var response = await client.GetAsync("/todos" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TodoDto[]>())!;
    }

    /// <summary>A raw JSON body, for inputs that a typed object cannot express.</summary>
    public static async Task<HttpResponseMessage> SendJsonAsync(
        this HttpClient client, HttpMethod method, string url, string json, string? ifMatch = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, contentType) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }
}
