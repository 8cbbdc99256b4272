using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.Runtime.Tests.Webhooks;

public sealed class WebhookOptionsValidatorTests
{
    private readonly WebhookOptionsValidator validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(validator.Validate(null, new WebhookOptions()).Succeeded);
    }

    [Fact]
    public void A_certificate_that_could_expire_before_every_replica_read_its_successor_is_rejected()
    {
        var result = validator.Validate(null, new WebhookOptions { CertificateLifetime = TimeSpan.FromMinutes(2), CheckInterval = TimeSpan.FromMinutes(1) });

        Assert.True(result.Failed);
        Assert.Contains("Operator:Webhook:CertificateLifetime", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_settings_are_rejected_with_the_key_named()
    {
        var result = validator.Validate(null, new WebhookOptions { Port = 0, AuthorityLifetime = TimeSpan.FromDays(1) });

        Assert.Contains("Operator:Webhook:Port", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Operator:Webhook:AuthorityLifetime", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_webhook_is_not_checked()
    {
        Assert.True(validator.Validate(null, new WebhookOptions { Enabled = false, Port = 0 }).Succeeded);
    }
}
