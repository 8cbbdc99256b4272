namespace Todo.Operator.Runtime.Informers;

/// <summary>When an informer no longer holds anything back: workers, readiness and the readable types wait for this.</summary>
internal static class InformerSettling
{
    /// <summary>
    /// Listed, or refused by the API server (<see cref="InformerProgress.Refusal"/>). Waiting for a refused informer would
    /// let one namespace that is gone or forbidden stop the operator in every other one, across restarts.
    /// </summary>
    public static bool HasSettled(this IInformer informer) => informer.HasSynced || informer.Progress.Refusal is not null;
}
