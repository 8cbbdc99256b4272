using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>apiextensions.k8s.io/v1 ConversionReview: the API server sends objects in one version and asks for another.</summary>
internal sealed class ConversionReview
{
    public const string ApiVersionV1 = "apiextensions.k8s.io/v1";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("request")]
    public ConversionRequest? Request { get; set; }

    [JsonPropertyName("response")]
    public ConversionResponse? Response { get; set; }
}

internal sealed class ConversionRequest
{
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = string.Empty;

    [JsonPropertyName("desiredAPIVersion")]
    public string DesiredApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("objects")]
    public IList<JsonObject> Objects { get; set; } = [];
}

internal sealed class ConversionResponse
{
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = string.Empty;

    [JsonPropertyName("convertedObjects")]
    public IList<JsonObject> ConvertedObjects { get; set; } = [];

    [JsonPropertyName("result")]
    public ConversionResult Result { get; set; } = new();
}

/// <summary>A meta/v1 Status: "Success", or "Failure" with the message the client gets.</summary>
internal sealed class ConversionResult
{
    [JsonPropertyName("status")]
    public string Status { get; set; } = "Success";

    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; set; }
}
