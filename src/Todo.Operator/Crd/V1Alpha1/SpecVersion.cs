using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Todo.Operator.Crd.Conversion;

namespace Todo.Operator.Crd.V1Alpha1;

/// <summary>
/// What v1alpha1 names otherwise than the hub: the Redis password Secret sits one level deeper, under
/// <c>redis.password.existingSecret</c> (the hub and v1beta1: <c>redis.passwordSecretRef</c>). Everything else is carried as it is.
/// </summary>
internal sealed class SpecVersion : ISpecVersion
{
    private const string HubPasswordPath = "spec.redis.passwordSecretRef";
    private const string PasswordPath = "spec.redis.password.existingSecret";

    public string ApiVersion => $"{Crd.TodoApp.Group}/{TodoApp.Version}";

    public JsonTypeInfo Shape => V1Alpha1JsonContext.Default.TodoAppSpec;

    public JsonObject ToHub(JsonObject spec)
    {
        var hub = spec.DeepClone().AsObject();
        if (hub["redis"] is JsonObject redis)
        {
            var secret = (redis["password"] as JsonObject)?["existingSecret"];
            redis.Remove("password");
            if (secret is not null)
            {
                redis["passwordSecretRef"] = secret.DeepClone();
            }
        }

        return hub;
    }

    public JsonObject FromHub(JsonObject spec)
    {
        var version = spec.DeepClone().AsObject();
        if (version["redis"] is JsonObject redis)
        {
            var password = new JsonObject();
            if (redis["passwordSecretRef"] is { } secret)
            {
                password["existingSecret"] = secret.DeepClone();
            }

            redis.Remove("passwordSecretRef");
            redis["password"] = password;
        }

        return version;
    }

    public string FieldPath(string hubPath) =>
        hubPath.StartsWith(HubPasswordPath, StringComparison.Ordinal) ? PasswordPath + hubPath[HubPasswordPath.Length..] : hubPath;
}
