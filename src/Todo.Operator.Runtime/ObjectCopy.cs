using System.Text.Json;
using k8s;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime;

/// <summary>Copies and converts model objects through their JSON form, the one representation every model round-trips.</summary>
public static class ObjectCopy
{
    /// <summary>A deep copy of the same model type, to change without touching the original others read (the cache's copy).</summary>
    public static T Deep<T>(T value)
        where T : notnull =>
        (T)FromJson(KubernetesJson.Serialize(value, null), value.GetType());

    /// <summary><paramref name="value"/> as model <typeparamref name="T"/>: itself when it already is one, else a converted copy.</summary>
    public static T As<T>(object value) => value is T typed ? typed : KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value, null), null);

    /// <summary>
    /// <paramref name="json"/> read into <paramref name="model"/>, a type known only at run time (objects handled as
    /// <c>IKubernetesObject</c>, which System.Text.Json cannot deserialize into), with the client's own settings as
    /// <see cref="KubernetesJson.Deserialize{TValue}(string, JsonSerializerOptions)"/> reads.
    /// </summary>
    public static object FromJson(string json, Type model) =>
        JsonSerializer.Deserialize(json, KubernetesJsonOptions.Shared.GetTypeInfo(model))
        ?? throw new InvalidOperationException($"The JSON of a {model.Name} was empty.");
}
