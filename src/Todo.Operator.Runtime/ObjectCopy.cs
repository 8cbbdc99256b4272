namespace Todo.Operator.Runtime;

/// <summary>Copies and converts model objects through their JSON form, the one representation every model round-trips.</summary>
public static class ObjectCopy
{
    /// <summary>A deep copy of the same model type, to change without touching the original others read (the cache's copy).</summary>
    public static T Deep<T>(T value)
        where T : notnull =>
        (T)ModelJson.Deserialize(ModelJson.Serialize(value), value.GetType());

    /// <summary><paramref name="value"/> as model <typeparamref name="T"/>: itself when it already is one, else a converted copy.</summary>
    public static T As<T>(object value) => value is T typed ? typed : ModelJson.Deserialize<T>(ModelJson.Serialize(value));
}
