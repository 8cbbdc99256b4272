namespace Todo.EndToEnd.Tests.Support;

/// <summary>Every attempt of a <see cref="RequestLoop"/>, in the order they were sent.</summary>
internal sealed record RequestRecords(IReadOnlyList<RequestRecord> All)
{
    public int Count(RequestOutcome outcome) => All.Count(r => r.Outcome == outcome);

    public IEnumerable<RequestRecord> Failures => All.Where(r => r.Outcome is RequestOutcome.Failed or RequestOutcome.Lost);

    /// <summary>From the first failed or lost request's start to the last one's end; zero without any.</summary>
    public TimeSpan FailureSpan => Failures.Any() ? Failures.Max(r => r.Ended) - Failures.Min(r => r.Sent) : TimeSpan.Zero;

    /// <summary>The titles of the todos whose creation was acknowledged, each <c>{run}-{id}</c> as the writers named them.</summary>
    public IReadOnlyList<string> Acknowledged(string run) => [.. All.Where(r => r.Outcome == RequestOutcome.Answered).Select(r => $"{run}-{r.Id}")];

    /// <summary>Answered requests sent at or after <paramref name="time"/>: that users were served from then on.</summary>
    public int AnsweredSince(DateTimeOffset time) => All.Count(r => r.Outcome == RequestOutcome.Answered && r.Sent >= time);

    /// <summary>When the first request sent at or after <paramref name="time"/> was answered; null if none was.</summary>
    public DateTimeOffset? FirstAnsweredSince(DateTimeOffset time) =>
        All.Where(r => r.Outcome == RequestOutcome.Answered && r.Sent >= time).Select(r => (DateTimeOffset?)r.Ended).Min();

    public override string ToString() =>
        $"{Count(RequestOutcome.Answered)} answered, {Count(RequestOutcome.Failed)} failed "
        + $"({string.Join(", ", All.Where(r => r.Outcome == RequestOutcome.Failed).Select(r => (int)r.Status!.Value).Distinct())}), "
        + $"{Count(RequestOutcome.Lost)} lost, {Count(RequestOutcome.NotConnected)} connections not opened (sent again)";
}
