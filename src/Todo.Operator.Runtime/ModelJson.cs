using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Todo.Operator.Runtime;

/// <summary>
/// The JSON of every model: the generated metadata of the Kubernetes models the operator uses
/// (<see cref="KubernetesModelsJsonContext"/>, with KubernetesClient's formats), to which the metadata each operator
/// registers for its own kinds is added (<see cref="Register"/>). No reflection: a kind whose metadata was not registered
/// fails at its first use, in the JIT build as in the Native AOT one. KubernetesClient's serializer (KubernetesJson) is
/// never touched: in the native executable it would bring in the metadata of every Kubernetes model.
/// </summary>
public static class ModelJson
{
    private static readonly RegisteredResolvers Registered = new(RuntimeModelsJsonContext.Default);

    /// <summary>
    /// The operators' registered kinds (and the runtime's own), for a test whose KubernetesClient typed calls must know
    /// them too (<c>KubernetesJson.AddJsonOptions</c>); the operator itself never uses that serializer.
    /// </summary>
    public static IJsonTypeInfoResolver RegisteredKinds => Registered;

    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// Adds source-generated metadata of an operator's own kinds. Call it before any of them is serialized: an operator
    /// does so in a module initializer, so that no code can touch its kinds first.
    /// </summary>
    public static void Register(IJsonTypeInfoResolver resolver) => Registered.Add(resolver);

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options.GetTypeInfo(value.GetType()));

    public static JsonNode? SerializeToNode(object value) => JsonSerializer.SerializeToNode(value, Options.GetTypeInfo(value.GetType()));

    public static T Deserialize<T>(string json) => Read<T>(JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(T))));

    public static T Deserialize<T>(JsonElement json) => Read<T>(JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(T))));

    public static async Task<T> DeserializeAsync<T>(Stream json, CancellationToken cancellationToken) =>
        Read<T>(await JsonSerializer.DeserializeAsync(json, Options.GetTypeInfo(typeof(T)), cancellationToken));

    /// <summary>
    /// <paramref name="json"/> read into <paramref name="model"/>, a type known only at run time (objects handled as
    /// <c>IKubernetesObject</c>, which System.Text.Json cannot deserialize into).
    /// </summary>
    public static object Deserialize(string json, Type model) =>
        JsonSerializer.Deserialize(json, Options.GetTypeInfo(model))
        ?? throw new JsonException($"The JSON of a {model.Name} was null.");

    private static T Read<T>(object? value) => value is T typed ? typed : throw new JsonException($"The JSON of a {typeof(T).Name} was null.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(KubernetesModelsJsonContext.Default.Options);
        options.TypeInfoResolverChain.Clear();
        options.TypeInfoResolverChain.Add(KubernetesModelsJsonContext.Default);
        options.TypeInfoResolverChain.Add(Registered);
        return options;
    }

    /// <summary>The resolvers registered so far, asked in order; the list may grow after the options are in use.</summary>
    private sealed class RegisteredResolvers(IJsonTypeInfoResolver first) : IJsonTypeInfoResolver
    {
        private volatile IJsonTypeInfoResolver[] resolvers = [first];
        private readonly Lock gate = new();

        public void Add(IJsonTypeInfoResolver resolver)
        {
            lock (gate)
            {
                resolvers = [.. resolvers, resolver];
            }
        }

        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
        {
            foreach (var resolver in resolvers)
            {
                if (resolver.GetTypeInfo(type, options) is { } info)
                {
                    return info;
                }
            }

            return null;
        }
    }
}
