using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Hosting;

/// <summary>Rejects settings that would make the operator misbehave quietly, with a message naming the key.</summary>
internal sealed partial class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.FieldManager))
        {
            errors.Add("Operator:FieldManager must not be empty.");
        }

        if (options.Workers is < 1 or > 64)
        {
            errors.Add($"Operator:Workers must be between 1 and 64 (was {options.Workers}).");
        }

        RequirePositive(errors, "Operator:ResyncPeriod", options.ResyncPeriod);
        RequirePositive(errors, "Operator:ShutdownGracePeriod", options.ShutdownGracePeriod);
        RequirePositive(errors, "Operator:DiscoveryInterval", options.DiscoveryInterval);
        RequirePositive(errors, "Operator:TerminalErrorRetryDelay", options.TerminalErrorRetryDelay);
        if (options.ChildEventDelay < TimeSpan.Zero || options.ChildEventDelay > options.ResyncPeriod)
        {
            errors.Add($"Operator:ChildEventDelay must be between zero and Operator:ResyncPeriod (was {options.ChildEventDelay}).");
        }
        if (options.RequestTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Operator:RequestTimeout must be at least 1 second (was {options.RequestTimeout}).");
        }

        if (options.WatchTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Operator:WatchTimeout must be at least 1 second (was {options.WatchTimeout}).");
        }

        var longestStep = InformerTimings.For(options.WatchTimeout).LongestStep(options.RequestTimeout);
        if (options.InformerStallTimeout < longestStep + TimeSpan.FromSeconds(30))
        {
            errors.Add($"Operator:InformerStallTimeout ({options.InformerStallTimeout}) must exceed by 30 s the longest a healthy informer's loop "
                + $"waits in one step ({longestStep}: a silent watch, Operator:WatchTimeout + 30 s, or a request, Operator:RequestTimeout).");
        }

        foreach (var ns in options.WatchedNamespaces().Where(ns => !NamespaceName().IsMatch(ns)))
        {
            errors.Add($"Operator:WatchNamespaces: '{ns}' is not a namespace name (lower-case letters, digits and '-', at most 63 characters).");
        }

        RequirePort(errors, "Operator:MetricsPort", options.MetricsPort);
        RequirePort(errors, "Operator:ProbePort", options.ProbePort);

        var election = options.LeaderElection;
        if (election.Enabled)
        {
            if (string.IsNullOrWhiteSpace(election.LeaseName))
            {
                errors.Add("Operator:LeaderElection:LeaseName must not be empty.");
            }

            RequirePositive(errors, "Operator:LeaderElection:RetryPeriod", election.RetryPeriod);
            if (election.RenewDeadline <= election.RetryPeriod || election.LeaseDuration <= election.RenewDeadline)
            {
                errors.Add("Operator:LeaderElection needs RetryPeriod < RenewDeadline < LeaseDuration "
                    + $"(were {election.RetryPeriod}, {election.RenewDeadline}, {election.LeaseDuration}).");
            }

            // On shutdown the lease is no longer renewed while in-flight reconciles finish: a successor may take it
            // once it expires, so those reconciles must be done (or cancelled) before then.
            if (options.ShutdownGracePeriod > election.LeaseDuration - election.RenewDeadline)
            {
                errors.Add($"Operator:ShutdownGracePeriod ({options.ShutdownGracePeriod}) must not exceed LeaderElection:LeaseDuration - RenewDeadline "
                    + $"({election.LeaseDuration - election.RenewDeadline}), or a successor could write while this instance still does.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceName();

    private static void RequirePositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be positive (was {value}).");
        }
    }

    private static void RequirePort(List<string> errors, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add($"{key} must be a TCP port 1-65535 (was {port}).");
        }
    }
}
