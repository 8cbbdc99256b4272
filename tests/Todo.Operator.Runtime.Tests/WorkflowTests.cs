using Todo.Operator.Runtime.Workflows;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// The workflow engine on members that only record what was done with them: the order derived from the declarations, the
/// start-up checks, and how a failed, held or not-ready member holds back its dependents while independent branches go on.
/// </summary>
public sealed class WorkflowTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void Members_are_ordered_by_their_dependencies_and_otherwise_as_declared()
    {
        var workflow = new Workflow<Member>(
        [
            new("api", Dependency.On("redis"), Dependency.On("policy")),
            new("policy"),
            new("redis", Dependency.On("password")),
            new("ingress", Dependency.On("api")),
            new("password"),
        ]);

        Assert.Equal(["policy", "password", "redis", "api", "ingress"], workflow.Members.Select(member => member.Name));
        Assert.Equal(["api"], workflow.DependentsOf(workflow.Members[2]).Select(member => member.Name));
    }

    [Fact]
    public void A_cycle_is_refused_at_definition_with_the_members_along_it()
    {
        var error = Assert.Throws<InvalidWorkflowException>(() => new Workflow<Member>(
        [
            new("policy"),
            new("backup", Dependency.OnReady("redis")),
            new("redis", Dependency.On("claims")),
            new("claims", Dependency.On("backup")),
        ]));

        Assert.Equal(
            "The workflow has a cycle: backup depends on redis, which depends on claims, which depends on backup; a member cannot come after itself.",
            error.Message);
    }

    [Fact]
    public void A_member_depending_on_itself_is_a_cycle()
    {
        var error = Assert.Throws<InvalidWorkflowException>(() => new Workflow<Member>([new("redis", Dependency.On("redis"))]));

        Assert.Contains("redis depends on redis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dependency_on_no_member_is_refused_at_definition()
    {
        var error = Assert.Throws<InvalidWorkflowException>(() => new Workflow<Member>([new("api", Dependency.On("redsi")), new("redis")]));

        Assert.Equal("'api' depends on 'redsi', which is no member of the workflow (its members: api, redis).", error.Message);
    }

    [Fact]
    public void A_name_declared_twice_is_refused_at_definition()
    {
        var error = Assert.Throws<InvalidWorkflowException>(() => new Workflow<Member>([new("redis"), new("api"), new("redis")]));

        Assert.Equal("The workflow declares the member 'redis' 2 times; each member needs a name of its own.", error.Message);
    }

    [Fact]
    public void A_dependency_declared_twice_is_refused_at_definition()
    {
        var error = Assert.Throws<InvalidWorkflowException>(() => new Workflow<Member>([new("redis"), new("api", Dependency.On("redis"), Dependency.OnReady("redis"))]));

        Assert.Equal("'api' declares its dependency on 'redis' more than once.", error.Message);
    }

    [Fact]
    public async Task Every_wanted_member_is_reconciled_in_order_when_all_goes_well()
    {
        var steps = new Steps();
        var workflow = new Workflow<Member>([new("redis"), new("api", Dependency.OnReady("redis")), new("ingress", Dependency.On("api"))]);

        var result = await workflow.RunAsync(steps, Cancellation);

        Assert.Equal(["reconcile redis", "reconcile api", "reconcile ingress"], steps.Done);
        Assert.Empty(result.Failed);
        Assert.Empty(result.Held);
    }

    [Fact]
    public async Task A_not_ready_member_holds_back_the_members_that_wait_for_it_and_only_those()
    {
        var steps = new Steps { NotReady = { "redis" } };
        var workflow = new Workflow<Member>(
        [
            new("redis"),
            new("backup", Dependency.OnReady("redis")),
            new("backup-policy", Dependency.On("backup")),
            new("api", Dependency.On("redis")),
        ]);

        var result = await workflow.RunAsync(steps, Cancellation);

        Assert.Equal(["reconcile redis", "reconcile api"], steps.Done);
        Assert.Equal(
            [("backup", new Hold("redis", HoldReason.DependencyNotReady)), ("backup-policy", new Hold("backup", HoldReason.DependencyHeld))],
            result.Held.Select(run => (run.Member.Name, run.HeldBy!)));
    }

    [Fact]
    public async Task A_failed_member_holds_back_every_dependent_and_independent_branches_go_on()
    {
        var steps = new Steps { Failing = { "password" } };
        var workflow = new Workflow<Member>(
        [
            new("password"),
            new("redis", Dependency.On("password")),
            new("api", Dependency.On("redis")),
            new("policy"),
            new("service"),
        ]);

        var result = await workflow.RunAsync(steps, Cancellation);

        Assert.Equal(["reconcile password", "reconcile policy", "reconcile service"], steps.Done);
        Assert.Equal(["password"], result.Failed.Select(run => run.Member.Name));
        Assert.Equal(
            [("redis", new Hold("password", HoldReason.DependencyFailed)), ("api", new Hold("redis", HoldReason.DependencyHeld))],
            result.Held.Select(run => (run.Member.Name, run.HeldBy!)));
    }

    [Fact]
    public async Task Unwanted_members_are_deleted_after_every_wanted_one_in_reverse_order()
    {
        var steps = new Steps { Unwanted = { "password-secret", "autoscaler" } };
        var workflow = new Workflow<Member>(
        [
            new("password-secret"),
            new("redis", Dependency.On("password-secret")),
            new("api", Dependency.On("password-secret")),
            new("autoscaler", Dependency.On("api")),
        ]);

        await workflow.RunAsync(steps, Cancellation);

        Assert.Equal(["reconcile redis", "reconcile api", "delete autoscaler", "delete password-secret"], steps.Done);
    }

    /// <summary>The generated Secret is not deleted while a workload that read it could not be moved to the new one.</summary>
    [Fact]
    public async Task An_unwanted_member_is_not_deleted_while_a_member_depending_on_it_failed()
    {
        var steps = new Steps { Unwanted = { "password-secret" }, Failing = { "api" } };
        var workflow = new Workflow<Member>([new("password-secret"), new("redis", Dependency.On("password-secret")), new("api", Dependency.On("password-secret"))]);

        var result = await workflow.RunAsync(steps, Cancellation);

        Assert.DoesNotContain("delete password-secret", steps.Done);
        Assert.Equal(new Hold("api", HoldReason.DependentNotDone), result.Runs[0].HeldBy);
    }

    [Fact]
    public async Task An_unwanted_member_whose_dependency_failed_is_neither_reconciled_nor_deleted()
    {
        var steps = new Steps { Unwanted = { "ingress" }, Failing = { "api" } };
        var workflow = new Workflow<Member>([new("api"), new("ingress", Dependency.On("api")), new("policy")]);

        var result = await workflow.RunAsync(steps, Cancellation);

        Assert.Equal(["reconcile api", "reconcile policy"], steps.Done);
        Assert.Equal(new Hold("api", HoldReason.DependencyFailed), result.Runs.Single(run => run.Member.Name == "ingress").HeldBy);
    }

    [Fact]
    public async Task An_unwanted_dependency_holds_nothing_back()
    {
        var steps = new Steps { Unwanted = { "password-secret" } };
        var workflow = new Workflow<Member>([new("password-secret"), new("redis", Dependency.OnReady("password-secret"))]);

        await workflow.RunAsync(steps, Cancellation);

        Assert.Equal(["reconcile redis", "delete password-secret"], steps.Done);
    }

    /// <summary>A member that records each step and answers as told.</summary>
    private sealed record Member(string Name, params Dependency[] Dependencies) : IWorkflowMember
    {
        public IReadOnlyList<Dependency> DependsOn => Dependencies;
    }

    private sealed record Outcome(MemberState State) : IMemberOutcome;

    private sealed class Steps : IWorkflowSteps<Member, Outcome>
    {
        public HashSet<string> Unwanted { get; } = [];

        public HashSet<string> NotReady { get; } = [];

        public HashSet<string> Failing { get; } = [];

        public List<string> Done { get; } = [];

        public bool IsWanted(Member member) => !Unwanted.Contains(member.Name);

        public Task<Outcome> ReconcileAsync(Member member, CancellationToken cancellationToken) => Step("reconcile", member);

        public Task<Outcome> DeleteAsync(Member member, CancellationToken cancellationToken) => Step("delete", member);

        private Task<Outcome> Step(string verb, Member member)
        {
            Done.Add($"{verb} {member.Name}");
            var state = Failing.Contains(member.Name) ? MemberState.Failed : NotReady.Contains(member.Name) ? MemberState.NotReady : MemberState.Ready;
            return Task.FromResult(new Outcome(state));
        }
    }
}
