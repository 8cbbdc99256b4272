using Microsoft.Extensions.Options;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>Rejects webhook settings that would leave the API server with an expired or unreachable webhook, naming the key.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"Operator:Webhook:Port must be a TCP port 1-65535 (was {options.Port}).");
        }

        if (string.IsNullOrWhiteSpace(options.SecretName) || string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add("Operator:Webhook:SecretName and Operator:Webhook:ServiceName must not be empty.");
        }

        if (options.CheckInterval <= TimeSpan.Zero)
        {
            errors.Add($"Operator:Webhook:CheckInterval must be positive (was {options.CheckInterval}).");
        }

        // Other replicas read a renewed certificate at their next check: that must come before the old one expires.
        if (options.CertificateLifetime / 3 <= options.CheckInterval)
        {
            errors.Add($"Operator:Webhook:CertificateLifetime ({options.CertificateLifetime}) must exceed three times Operator:Webhook:CheckInterval "
                + $"({options.CheckInterval}): a certificate is renewed when a third of its lifetime is left, and every replica must read the new one before the old expires.");
        }

        if (options.AuthorityLifetime < options.CertificateLifetime)
        {
            errors.Add($"Operator:Webhook:AuthorityLifetime ({options.AuthorityLifetime}) must be at least Operator:Webhook:CertificateLifetime ({options.CertificateLifetime}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
