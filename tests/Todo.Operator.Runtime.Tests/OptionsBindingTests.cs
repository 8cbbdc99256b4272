using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// The runtime's options as its own registrations bind them (the configuration binding generator, which Native AOT
/// needs): every setting reaches the options, nested ones too. Init-only properties would be skipped without a word.
/// </summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void Every_setting_of_the_operator_and_webhook_sections_is_bound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Operator:ProbePort"] = "18081",
            ["Operator:MetricsPort"] = "18080",
            ["Operator:Workers"] = "5",
            ["Operator:RequestTimeout"] = "00:00:07",
            ["Operator:WatchNamespaces"] = "a,b",
            ["Operator:LeaderElection:Enabled"] = "false",
            ["Operator:LeaderElection:LeaseName"] = "other-lease",
            ["Operator:Webhook:Port"] = "19443",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddOperatorRuntime(configuration);
        services.AddWebhookServer(configuration);
        using var provider = services.BuildServiceProvider();

        var bound = provider.GetRequiredService<IOptions<OperatorOptions>>().Value;
        var webhook = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;

        Assert.Equal(
            (18081, 18080, 5, TimeSpan.FromSeconds(7), "a,b", false, "other-lease", 19443),
            (bound.ProbePort, bound.MetricsPort, bound.Workers, bound.RequestTimeout, bound.WatchNamespaces, bound.LeaderElection.Enabled, bound.LeaderElection.LeaseName, webhook.Port));
    }
}
