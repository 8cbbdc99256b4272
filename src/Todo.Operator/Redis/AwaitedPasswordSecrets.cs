using System.Collections.Concurrent;

namespace Todo.Operator.Redis;

/// <summary>
/// The apps (by uid) this process generated a Redis password (or the key of a chosen password's version) for whose Secret
/// the cache does not show yet: client-go's "expectations". Until the watch delivers the Secret written with it, a cache
/// miss says nothing, so it is
/// confirmed against the API server; an app absent from here that has never been reconciled has no Secret to lose.
/// </summary>
internal sealed class AwaitedPasswordSecrets
{
    private readonly ConcurrentDictionary<string, byte> awaited = new(StringComparer.Ordinal);

    public void Generated(string? uid) => awaited[uid ?? string.Empty] = 0;

    public void Seen(string? uid) => awaited.TryRemove(uid ?? string.Empty, out _);

    public bool Awaits(string? uid) => awaited.ContainsKey(uid ?? string.Empty);
}
