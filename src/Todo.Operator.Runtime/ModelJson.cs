using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace Todo.Operator.Runtime;

/// <summary>
/// The JSON of every model: KubernetesClient's own settings (its converters, its source-generated metadata of the built-in
/// kinds), to which the metadata each operator registers for its own kinds is added (<see cref="Register"/>). No
/// reflection: a kind whose metadata was not registered fails at its first use, in the JIT build as in the Native AOT one.
/// </summary>
public static class ModelJson
{
    private static readonly RegisteredResolvers Registered = new(RuntimeModelsJsonContext.Default);

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
        JsonSerializerOptions? client = null;
        // The client's settings are reachable only through this hook. The registered kinds go at the end of its resolvers, so
        // that the client's typed calls (custom objects among them) know them too; its own resolutions are unchanged.
        KubernetesJson.AddJsonOptions(options => client = options);
        if (client is null || client.IsReadOnly)
        {
            throw new InvalidOperationException(
                "KubernetesJson was used before ModelJson: touch ModelJson (Register) in a module initializer of the program or test assembly.");
        }

        client.TypeInfoResolverChain.Add(Registered);
        return client;
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
