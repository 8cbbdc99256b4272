using System.Text.Json;
using System.Text.Json.Serialization;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>admission.k8s.io/v1 AdmissionReview: the API server sends a request, the webhook answers with the same kind carrying a response.</summary>
internal sealed class AdmissionReview
{
    public const string ApiVersionV1 = "admission.k8s.io/v1";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("request")]
    public AdmissionRequest? Request { get; set; }

    [JsonPropertyName("response")]
    public AdmissionResponse? Response { get; set; }
}

/// <summary>The fields of an admission request this webhook reads.</summary>
internal sealed class AdmissionRequest
{
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = string.Empty;

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    [JsonPropertyName("operation")]
    public string Operation { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The kind and version the client sent, before the API server converted it for this webhook.</summary>
    [JsonPropertyName("requestKind")]
    public GroupVersionKind? RequestKind { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("object")]
    public JsonElement? Object { get; set; }

    [JsonPropertyName("oldObject")]
    public JsonElement? OldObject { get; set; }

    [JsonPropertyName("dryRun")]
    public bool? DryRun { get; set; }
}

internal sealed class GroupVersionKind
{
    [JsonPropertyName("group")]
    public string Group { get; set; } = string.Empty;

    [JsonPropertyName("version")]
    public string Version { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}

internal sealed class AdmissionResponse
{
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = string.Empty;

    [JsonPropertyName("allowed")]
    public bool Allowed { get; set; }

    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AdmissionStatus? Status { get; set; }

    /// <summary>Shown by kubectl as "Warning: ..." (Kubernetes 1.19 and later).</summary>
    [JsonPropertyName("warnings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IList<string>? Warnings { get; set; }
}

/// <summary>
/// A meta/v1 Status as a webhook returns it. Not KubernetesClient's <c>V1Status</c>, whose converter only reads: the
/// API server puts this, prefixed with the webhook's name, into the error the client gets.
/// </summary>
internal sealed class AdmissionStatus
{
    [JsonPropertyName("status")]
    public string Status { get; set; } = "Failure";

    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("details")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AdmissionStatusDetails? Details { get; set; }
}

internal sealed class AdmissionStatusDetails
{
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The kind and version the client sent, before the API server converted it for this webhook.</summary>
    [JsonPropertyName("requestKind")]
    public GroupVersionKind? RequestKind { get; set; }

    [JsonPropertyName("causes")]
    public IList<AdmissionStatusCause> Causes { get; set; } = [];
}

/// <summary>One field at fault; kubectl prints each as "* field: message".</summary>
internal sealed class AdmissionStatusCause
{
    [JsonPropertyName("field")]
    public string? Field { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
