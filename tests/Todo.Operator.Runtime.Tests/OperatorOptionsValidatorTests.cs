using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Tests;

public sealed class OperatorOptionsValidatorTests
{
    private readonly OperatorOptionsValidator validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(validator.Validate(null, new OperatorOptions()).Succeeded);
    }

    [Fact]
    public void Bad_settings_are_rejected_with_the_key_named()
    {
        var options = new OperatorOptions
        {
            Workers = 0,
            ProbePort = 70000,
            TerminalErrorRetryDelay = TimeSpan.Zero,
            LeaderElection = new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(5), RenewDeadline = TimeSpan.FromSeconds(10) },
        };

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Operator:Workers", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Operator:ProbePort", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Operator:TerminalErrorRetryDelay", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Operator:LeaderElection", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_timings_do_not_matter_when_leader_election_is_off()
    {
        var options = new OperatorOptions { LeaderElection = new LeaderElectionOptions { Enabled = false, LeaseDuration = TimeSpan.Zero } };

        Assert.True(validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_shutdown_grace_period_longer_than_the_lease_outlives_is_rejected()
    {
        var options = new OperatorOptions
        {
            ShutdownGracePeriod = TimeSpan.FromSeconds(20),
            LeaderElection = new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(15), RenewDeadline = TimeSpan.FromSeconds(10) },
        };

        var result = new OperatorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ShutdownGracePeriod", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new OperatorOptionsValidator().Validate(null, new OperatorOptions()).Succeeded);
    }

    [Fact]
    public void Watched_namespaces_are_a_comma_separated_list_each_named_once_and_the_single_form_adds_to_it()
    {
        var options = new OperatorOptions { WatchNamespaces = " todo-dev, todo-staging,,todo-dev ", WatchNamespace = "todo-production" };

        Assert.Equal(["todo-dev", "todo-staging", "todo-production"], options.WatchedNamespaces());
        Assert.Empty(new OperatorOptions().WatchedNamespaces());
        Assert.True(validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_watched_namespace_that_is_no_namespace_name_is_rejected()
    {
        var result = validator.Validate(null, new OperatorOptions { WatchNamespaces = "todo-dev,Todo_Staging" });

        Assert.True(result.Failed);
        Assert.Contains("Operator:WatchNamespaces: 'Todo_Staging'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stall_timeout_a_healthy_informer_could_exceed_is_rejected()
    {
        // A silent watch is restarted after WatchTimeout + 30 s: 5 min 30 s; the stall timeout needs 30 s more.
        var result = validator.Validate(null, new OperatorOptions { WatchTimeout = TimeSpan.FromMinutes(5), InformerStallTimeout = new TimeSpan(0, 5, 59) });

        Assert.True(result.Failed);
        Assert.Contains("Operator:InformerStallTimeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new OperatorOptions { WatchTimeout = TimeSpan.FromMinutes(5), InformerStallTimeout = TimeSpan.FromMinutes(6) }).Succeeded);
    }
}
