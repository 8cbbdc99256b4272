using k8s;
using Todo.Operator.Workflow;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Turns an error of the API server in one member's step into its failure: a condition reason, a message a human can act
/// on, and whether retrying can fix it. A request the API server refuses for good (bad request, forbidden, invalid: it
/// gets the same answer however often it is sent) needs a person; any other error may pass.
/// </summary>
internal static class StepErrors
{
    private static readonly HashSet<int> RefusedForGood = [400, 403, 422];

    /// <summary>Runs <paramref name="step"/>; an error of the API server becomes a failure of <paramref name="reason"/> about <paramref name="what"/>.</summary>
    public static async Task<MemberOutcome> Guard(string reason, string what, Func<Task<MemberOutcome>> step)
    {
        try
        {
            return await step();
        }
        catch (KubernetesException e)
        {
            var message = $"{what}: {(e.Status?.Message is { Length: > 0 } text ? text : e.Message)}";
            return MemberOutcome.Failed(new ReconcileFailure(reason, message, NeedsAction: e.Status?.Code is { } code && RefusedForGood.Contains(code)), e);
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException)
        {
            return MemberOutcome.Failed(new ReconcileFailure(reason, $"{what}: the API server could not be reached ({e.Message})"), e);
        }
    }
}
