using System.Net;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>The <paramref name="Sequence"/>th request of client <paramref name="Client"/> of a <see cref="RequestLoop"/>.</summary>
internal readonly record struct RequestId(int Client, int Sequence)
{
    public override string ToString() => $"c{Client}-{Sequence}";
}

internal enum RequestOutcome
{
    /// <summary>A 2xx answer.</summary>
    Answered,

    /// <summary>An answer that is not 2xx: a failure the user sees.</summary>
    Failed,

    /// <summary>Sent, and no answer came (the timeout passed, or the connection broke first): a failure the user sees.</summary>
    Lost,

    /// <summary>No connection could be opened, so nothing was sent; the client sent the request again on another.</summary>
    NotConnected,
}

/// <summary>One attempt of a request: when it was sent and ended, and what it came to.</summary>
internal sealed record RequestRecord(RequestId Id, DateTimeOffset Sent, DateTimeOffset Ended, RequestOutcome Outcome, HttpStatusCode? Status);
