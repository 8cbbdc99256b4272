using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Reconciliation;

/// <summary>What one reconcile learned, from which <see cref="StatusBuilder"/> derives the status.</summary>
internal sealed record StatusInputs
{
    public IReadOnlyList<SpecProblem> Problems { get; init; } = [];

    /// <summary>The wanted children, and the steps not ready or held back, each with its readiness.</summary>
    public IReadOnlyList<ChildState> Children { get; init; } = [];

    /// <summary>Wanted children the cluster cannot hold (their API is not served), each as a sentence saying so.</summary>
    public IReadOnlyList<string> Unavailable { get; init; } = [];

    /// <summary>The failures of the reconcile as one: the first one's reason, every one's message.</summary>
    public ReconcileFailure? Failure { get; init; }

    /// <summary>The wanted children held back, "Kind name" each: what retrying moves on.</summary>
    public IReadOnlyList<string> Held { get; init; } = [];

    /// <summary>Replica counts of the API Deployment, when it was observed.</summary>
    public int? Replicas { get; init; }

    public int? ReadyReplicas { get; init; }

    /// <summary>The app's newest completed backup among those that still exist; null keeps the one the status has.</summary>
    public LastBackupStatus? LastBackup { get; init; }

    /// <summary>Sentinel mode: the latest answer of the app's Sentinels, or null before they were first asked.</summary>
    public SentinelObservation? Sentinels { get; init; }

    /// <summary>Sentinel mode: the app's data pods and Sentinels as listed, or null when they were not read (the status keeps which nodes they share).</summary>
    public IReadOnlyList<V1Pod>? RedisPods { get; init; }

    /// <summary>
    /// What a workflow run found. The replica counts are those of the one Deployment among the children, the TODO API's,
    /// found by its model type as JOSDK's <c>getSecondaryResource(Deployment.class)</c> does. For a paused app
    /// (<paramref name="observeHeld"/> given), a child whose inputs could not be read is reported as it stands, and
    /// failures are not: the operator was told not to act on them.
    /// </summary>
    public static StatusInputs Of(
        TodoApp app,
        WorkflowResult<IAppMember, MemberOutcome> result,
        Func<IAppMember, string> describe,
        Func<IChildResource, MemberOutcome>? observeHeld = null)
    {
        string HeldMessage(MemberRun<IAppMember, MemberOutcome> run) => Sentence(describe(run.Member), describe(Member(result, run.HeldBy!.By)), run.HeldBy!.Reason);

        var paused = observeHeld is not null;
        var children = new List<ChildState>();
        var outcomes = new List<MemberOutcome>();
        foreach (var run in result.Runs.Where(run => run.Wanted))
        {
            var outcome = run.Outcome ?? (run.Member is IChildResource child ? observeHeld?.Invoke(child) : null);
            if (outcome is not null)
            {
                outcomes.Add(outcome);
            }

            var readiness = (run.Member, outcome) switch
            {
                (_, { Unavailable: not null }) => null,
                (IChildResource, { } done) => done.Readiness,
                (IChildResource, null) => ChildReadiness.NotReady(HeldMessage(run)),
                _ when paused => null,
                (_, { State: MemberState.NotReady } done) => done.Readiness,
                (_, null) => ChildReadiness.NotReady(HeldMessage(run)),
                _ => null,
            };
            if (readiness is not null)
            {
                children.Add(new ChildState(run.Member.Name, readiness));
            }
        }

        var failures = !paused ? result.Failed.Select(run => run.Outcome!.Failure!).ToList() : [];
        var deployment = outcomes.Select(outcome => outcome.Object).OfType<V1Deployment>().SingleOrDefault();
        return new StatusInputs
        {
            Children = children,
            Unavailable = [.. outcomes.Select(outcome => outcome.Unavailable).OfType<string>()],
            Failure = failures is [var first, ..] ? first with { Message = string.Join(" ", failures.Select(failure => failure.Message)) } : null,
            Held = !paused ? [.. result.Held.Where(run => run.Wanted && run.Member is IChildResource).Select(run => describe(run.Member))] : [],
            Replicas = deployment is null ? null : deployment.Status?.Replicas ?? 0,
            ReadyReplicas = deployment is null ? null : deployment.Status?.ReadyReplicas ?? 0,
        };
    }

    private static IAppMember Member(WorkflowResult<IAppMember, MemberOutcome> result, string name) =>
        result.Runs.First(run => run.Member.Name == name).Member;

    private static string Sentence(string member, string holder, HoldReason reason) => reason switch
    {
        HoldReason.DependencyNotReady => $"{member} waits for {holder} to be ready.",
        HoldReason.DependencyFailed => $"{member} waits for {holder}, which failed.",
        HoldReason.DependencyHeld => $"{member} waits for {holder}, which waits itself.",
        _ => $"{member} is not deleted yet: {holder} still needs it.",
    };
}
