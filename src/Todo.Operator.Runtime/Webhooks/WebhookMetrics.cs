using Prometheus;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>controller-runtime's webhook metric names, so its dashboards work unchanged; and when the served certificate expires.</summary>
internal static class WebhookMetrics
{
    public static readonly Counter Requests = Metrics.CreateCounter(
        "controller_runtime_webhook_requests_total", "Total number of admission requests by HTTP status code.", "webhook", "code");

    public static readonly Histogram Latency = Metrics.CreateHistogram(
        "controller_runtime_webhook_latency_seconds",
        "Histogram of the latency of processing admission requests.",
        new HistogramConfiguration { LabelNames = ["webhook"], Buckets = Histogram.ExponentialBuckets(0.0005, 4, 8) });

    public static readonly Gauge InFlight = Metrics.CreateGauge(
        "controller_runtime_webhook_requests_in_flight", "Current number of admission requests being served.", "webhook");

    /// <summary>Not a controller-runtime name: it has none. 0 while no certificate is loaded.</summary>
    public static readonly Gauge CertificateExpiry = Metrics.CreateGauge(
        "webhook_serving_certificate_expiration_timestamp_seconds",
        "When the certificate the webhook port serves expires (Unix time); 0 while it has none.");

    public static readonly Counter CertificateErrors = Metrics.CreateCounter(
        "webhook_certificate_errors_total",
        "Failed attempts to read, issue or renew the webhook certificate or to publish its CA, by step.",
        "step");
}
