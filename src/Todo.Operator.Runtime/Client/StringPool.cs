namespace Todo.Operator.Runtime.Client;

/// <summary>
/// One instance for equal text, from a table of fixed size (as Roslyn's StringTable): the informer cache holds every child
/// of every app, and most of their strings (label keys and values, images, probe paths, the scripts in container
/// arguments) are the same in every app. Decoded as they arrive, each copy is a string of its own: 37 of the 47 KB of
/// strings an app's cached objects hold in the operator benchmark are copies. Each slot keeps the last string hashed to
/// it, so the table never grows and nothing a client sends can make it: text seen once (a uid, a resource version) holds
/// its slot only until other text lands there, while repeated text keeps coming back to it. No lock: a race only costs a
/// second instance of a string.
/// </summary>
internal sealed class StringPool
{
    /// <summary>Longer text is never pooled: a slot must not keep a large one-off value alive.</summary>
    public const int MaxPooledLength = 4096;

    /// <summary>Enough for the distinct repeated strings of every kind the operator caches, at 128 KiB of references.</summary>
    public const int DefaultSlots = 1 << 14;

    private readonly string?[] slots;

    public StringPool(int slots = DefaultSlots)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        if (!int.IsPow2(slots))
        {
            throw new ArgumentException("The number of slots must be a power of two.", nameof(slots));
        }

        this.slots = new string?[slots];
    }

    public static StringPool Shared { get; } = new();

    /// <summary>The pooled string equal to <paramref name="text"/>, or a new one that takes its slot.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return string.Empty;
        }

        if (text.Length > MaxPooledLength)
        {
            return new string(text);
        }

        ref var slot = ref slots[string.GetHashCode(text) & (slots.Length - 1)];
        var pooled = Volatile.Read(ref slot);
        if (pooled is not null && text.SequenceEqual(pooled))
        {
            return pooled;
        }

        var created = new string(text);
        Volatile.Write(ref slot, created);
        return created;
    }
}
