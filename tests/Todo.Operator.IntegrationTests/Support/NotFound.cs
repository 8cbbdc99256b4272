using System.Net;
using k8s.Autorest;

namespace Todo.Operator.IntegrationTests.Support;

internal static class NotFound
{
    /// <summary>The object the read returns, or null when the API server answers 404.</summary>
    public static async Task<T?> AsNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
