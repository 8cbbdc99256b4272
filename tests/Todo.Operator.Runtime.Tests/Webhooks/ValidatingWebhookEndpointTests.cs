using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Certificates;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.Runtime.Tests.Webhooks;

/// <summary>
/// The webhook port on a real Kestrel with a certificate of the operator's own CA: AdmissionReviews in, verdicts out as
/// the API server reads them, ConversionReviews answered as it reads them, a renewed certificate served from the next
/// connection on, and nothing else on that port.
/// </summary>
public sealed class ValidatingWebhookEndpointTests : IAsyncLifetime
{
    private const string Path = "/validate-widgets";
    private const string ConversionPath = "/convert-widgets";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private const int BindAttempts = 5;

    private ServingCertificate serving = new();
    private WebhookOptions options = new();
    private OperatorOptions operatorOptions = new();
    private Dictionary<string, byte[]> secret = [];
    private WebApplication? app;

    // A port found free can be taken by a parallel test before Kestrel binds it, so a collision picks new ports.
    public async ValueTask InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            options = new() { Port = FreePort(), ExtraNames = "127.0.0.1", Namespace = "tests" };
            operatorOptions = new() { MetricsPort = FreePort(), ProbePort = FreePort() };
            serving = new();
            try
            {
                await StartAsync();
                return;
            }
            catch (IOException error) when (error.InnerException is AddressInUseException && attempt < BindAttempts)
            {
                await DisposeAsync();
            }
        }
    }

    private async Task StartAsync()
    {
        secret = CertificateRenewal.Renew(null, options.CertificateNames(), TimeSpan.FromHours(1), TimeSpan.FromHours(2), Now)!;
        serving.Load("1", secret);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddHealthChecks();
        builder.Services.AddPortBoundEndpoints();
        builder.Services.AddSingleton(serving);
        builder.Services.AddSingleton(Options.Create(options));
        builder.WebHost.ListenOnOperatorPorts(operatorOptions);
        builder.WebHost.ListenOnWebhookPort(options);
        app = builder.Build();
        app.MapOperatorEndpoints(operatorOptions);
        app.MapValidatingWebhook<Widget, WidgetValidator>(Path);
        app.MapConversionWebhook<WidgetConversion>(ConversionPath);
        await app.StartAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_refusal_names_every_field_in_its_message_and_causes()
    {
        var response = await ReviewAsync("CREATE", Widget("bad"), old: null);

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal("uid-1", response["uid"]!.GetValue<string>());
        var status = response["status"]!;
        Assert.Equal((422, "Invalid"), (status["code"]!.GetValue<int>(), status["reason"]!.GetValue<string>()));
        Assert.Equal("Widget \"bad\" is invalid: spec.size: too big; spec.color: not a colour.", status["message"]!.GetValue<string>());
        Assert.Equal(
            [("spec.size", "TooBig", "too big."), ("spec.color", "NoColour", "not a colour.")],
            status["details"]!["causes"]!.AsArray().Select(cause => (cause!["field"]!.GetValue<string>(), cause["reason"]!.GetValue<string>(), cause["message"]!.GetValue<string>())));
        Assert.Equal(("Widget", "widgets.example.com", "bad"), (status["details"]!["kind"]!.GetValue<string>(), status["details"]!["group"]!.GetValue<string>(), status["details"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_update_is_judged_against_the_old_object_and_warnings_reach_the_client()
    {
        var response = await ReviewAsync("UPDATE", Widget("good"), old: Widget("older"));

        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Equal(["updated from older"], response["warnings"]!.AsArray().Select(warning => warning!.GetValue<string>()));
    }

    [Fact]
    public async Task A_failing_validator_refuses_with_its_reason()
    {
        var response = await ReviewAsync("CREATE", Widget("throws"), old: null);

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal(500, response["status"]!["code"]!.GetValue<int>());
        Assert.Contains("the validator broke", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conversion_review_is_answered_with_every_object_converted_and_null_members_left_out()
    {
        using var http = Client(out _);
        var review = new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "ConversionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "uid-2",
                ["desiredAPIVersion"] = "widgets.example.com/v2",
                ["objects"] = new JsonArray(JsonSerializer.SerializeToNode(Widget("one")), JsonSerializer.SerializeToNode(Widget("two"))),
            },
        };

        using var response = await http.PostAsJsonAsync(new Uri($"https://127.0.0.1:{options.Port}{ConversionPath}"), review, TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(("apiextensions.k8s.io/v1", "ConversionReview"), (answer["apiVersion"]!.GetValue<string>(), answer["kind"]!.GetValue<string>()));
        Assert.Equal("uid-2", answer["response"]!["uid"]!.GetValue<string>());
        Assert.Equal(
            [("widgets.example.com/v2", "one"), ("widgets.example.com/v2", "two")],
            answer["response"]!["convertedObjects"]!.AsArray().Select(obj => (obj!["apiVersion"]!.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>())));
        // Null members are left out (the request, a success's message), as KubernetesJson wrote the review.
        Assert.Equal("{\"status\":\"Success\"}", answer["response"]!["result"]!.ToJsonString());
        Assert.False(answer.AsObject().ContainsKey("request"));
    }

    [Fact]
    public async Task A_body_that_is_no_admission_review_is_a_bad_request()
    {
        using var http = Client(out _);
        using var content = new StringContent("{\"kind\":\"AdmissionReview\"}", System.Text.Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(new Uri($"https://127.0.0.1:{options.Port}{Path}"), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_renewed_certificate_is_served_from_the_next_connection_on()
    {
        var first = await ServedCertificateAsync();
        // A certificate the Secret holds no longer (another replica renewed it): a new one from the same CA.
        var unreadable = new Dictionary<string, byte[]>(secret) { [WebhookCertificateSecret.Certificate] = [] };
        var renewed = CertificateRenewal.Renew(unreadable, options.CertificateNames(), TimeSpan.FromHours(1), TimeSpan.FromHours(2), Now)!;

        serving.Load("2", renewed);
        var second = await ServedCertificateAsync();

        Assert.NotEqual(first, second);
        using var expected = WebhookCertificateSecret.ServingCertificate(renewed)!;
        Assert.Equal(expected.Thumbprint, second);
    }

    [Fact]
    public async Task The_webhook_is_not_served_on_the_probe_port()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{operatorOptions.ProbePort}{Path}"), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            app = null;
        }
    }

    private async Task<JsonNode> ReviewAsync(string operation, object widget, object? old)
    {
        using var http = Client(out _);
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "uid-1",
                ["operation"] = operation,
                ["namespace"] = "tests",
                ["object"] = JsonSerializer.SerializeToNode(widget),
                ["oldObject"] = old is null ? null : JsonSerializer.SerializeToNode(old),
            },
        };
        using var response = await http.PostAsJsonAsync(new Uri($"https://127.0.0.1:{options.Port}{Path}"), review, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = (await response.Content.ReadFromJsonAsync<JsonNode>(TestContext.Current.CancellationToken))!;
        Assert.Equal(("admission.k8s.io/v1", "AdmissionReview"), (answer["apiVersion"]!.GetValue<string>(), answer["kind"]!.GetValue<string>()));
        return answer["response"]!;
    }

    private async Task<string> ServedCertificateAsync()
    {
        using var http = Client(out var served);
        using var response = await http.PostAsync(new Uri($"https://127.0.0.1:{options.Port}{Path}"), null, TestContext.Current.CancellationToken);
        return served.Value!;
    }

    /// <summary>A client that trusts only the CA of the Secret, as the API server does with caBundle, and notes the certificate it was served.</summary>
    private HttpClient Client(out StrongBox<string?> served)
    {
        var trust = WebhookCertificateSecret.Bundle(WebhookCertificateSecret.Text(secret, WebhookCertificateSecret.TrustBundle));
        var box = new StrongBox<string?>();
        served = box;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    using var leaf = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
                    box.Value = leaf.Thumbprint;
                    return (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && trust.Any(authority => SelfSignedAuthority.IsIssuedBy(leaf, authority, DateTimeOffset.UtcNow));
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    private static object Widget(string name) => new { apiVersion = "widgets.example.com/v1", kind = "Widget", metadata = new { name, @namespace = "tests" } };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class WidgetConversion : IObjectConversion
    {
        public JsonObject Convert(JsonObject obj, string desiredApiVersion)
        {
            var converted = obj.DeepClone().AsObject();
            converted["apiVersion"] = desiredApiVersion;
            return converted;
        }
    }

    private sealed class WidgetValidator : IAdmissionValidator<Widget>
    {
        public AdmissionVerdict ValidateCreate(Widget created) => created.Metadata.Name switch
        {
            "bad" => new([new("spec.size", "TooBig", "too big."), new("spec.color", "NoColour", "not a colour.")], []),
            "throws" => throw new InvalidOperationException("the validator broke"),
            _ => AdmissionVerdict.Allowed,
        };

        public AdmissionVerdict ValidateUpdate(Widget old, Widget updated) => new([], [$"updated from {old.Metadata.Name}"]);
    }
}
