using System.Net.Http.Json;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>The write the data-safety tests count and check: a todo created with its title as the Idempotency-Key.</summary>
internal static class TodoWrites
{
    /// <summary>POST /todos with the title as its Idempotency-Key: sent again, it is the same write.</summary>
    public static async Task<HttpResponseMessage> CreateAsync(HttpClient http, string title, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "todos") { Content = JsonContent.Create(new { title }) };
        request.Headers.Add("Idempotency-Key", title);
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary><see cref="CreateAsync"/> at most 20 times a second per user, below the API's rate limit.</summary>
    public static async Task<HttpResponseMessage> PacedCreateAsync(HttpClient http, string title, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        return await CreateAsync(http, title, cancellationToken);
    }
}
