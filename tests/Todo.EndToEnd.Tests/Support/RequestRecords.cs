namespace Todo.EndToEnd.Tests.Support;

/// <summary>Every attempt of a <see cref="RequestLoop"/>, in the order they were sent.</summary>
internal sealed record RequestRecords(IReadOnlyList<RequestRecord> All)
{
    public int Count(RequestOutcome outcome) => All.Count(r => r.Outcome == outcome);

    public IEnumerable<RequestRecord> Failures => All.Where(r => r.Outcome is RequestOutcome.Failed or RequestOutcome.Lost);

    /// <summary>Answered requests sent at or after <paramref name="time"/>: that users were served from then on.</summary>
    public int AnsweredSince(DateTimeOffset time) => All.Count(r => r.Outcome == RequestOutcome.Answered && r.Sent >= time);

    public override string ToString() =>
        $"{Count(RequestOutcome.Answered)} answered, {Count(RequestOutcome.Failed)} failed "
        + $"({string.Join(", ", All.Where(r => r.Outcome == RequestOutcome.Failed).Select(r => (int)r.Status!.Value).Distinct())}), "
        + $"{Count(RequestOutcome.Lost)} lost, {Count(RequestOutcome.NotConnected)} connections not opened (sent again)";
}
