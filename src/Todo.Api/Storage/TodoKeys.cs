namespace Todo.Api.Storage;

/// <summary>
/// The Redis keys of one todo collection. Every key starts with the configured prefix; ids are numbers,
/// so no request can name a key outside the namespace.
/// </summary>
internal sealed class TodoKeys(string prefix)
{
    /// <summary>Prefix of the per-todo hashes; the Lua scripts append the numeric id.</summary>
    public string ItemPrefix { get; } = $"{prefix}:todo:";

    public string Sequence { get; } = $"{prefix}:seq";

    public string AllIndex { get; } = $"{prefix}:idx:all";

    public string ActiveIndex { get; } = $"{prefix}:idx:active";

    public string CompletedIndex { get; } = $"{prefix}:idx:completed";

    /// <summary>Prefix of the records of POST Idempotency-Keys; the client's key is appended (a key name, never parsed).</summary>
    public string IdempotencyPrefix { get; } = $"{prefix}:idem:";

    /// <summary>The Idempotency-Keys of deleted todos, kept until their records expire (see <see cref="TodoScripts.Delete"/>).</summary>
    public string KeptIdempotencyKeys { get; } = $"{prefix}:idem-kept";

    public string IdempotencyRecord(string key) => IdempotencyPrefix + key;

    public string Item(long id) => ItemPrefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Index(bool? completed) => completed switch
    {
        true => CompletedIndex,
        false => ActiveIndex,
        null => AllIndex,
    };
}
