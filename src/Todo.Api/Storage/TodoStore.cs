using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Todo.Api.Metrics;
using Todo.Api.Todos;

namespace Todo.Api.Storage;

/// <summary>The todo collection in Redis: a hash per todo plus lexically sorted index sets (see <see cref="SortKey"/>).</summary>
internal sealed class TodoStore(IConnectionMultiplexer redis, TodoKeys keys, TodoMetrics metrics, IOptions<ApiOptions> options)
{
    /// <summary>
    /// Todos one script reads or deletes. One script over 110,000 todos held Redis for 578 ms (about 5 µs a todo),
    /// so a chunk costs Redis about a millisecond and a collection of up to 249 is still one call.
    /// </summary>
    public const int ChunkSize = 250;

    private readonly int _maxTodos = options.Value.MaxTodos;

    private IDatabase Db => redis.GetDatabase();

    public Task<CreateResult> CreateAsync(NewTodo todo, IdempotencyKey? idempotencyKey) => metrics.TimeRedisAsync("create", async () =>
    {
        RedisKey[] scriptKeys = [keys.Sequence, keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex];
        RedisValue[] args = [keys.ItemPrefix, todo.Title, Flag(todo.Completed), FormatOrder(todo.Order), SortKey.OrderPart(todo.Order), _maxTodos];
        if (idempotencyKey is { } key)
        {
            scriptKeys = [.. scriptKeys, keys.IdempotencyRecord(key.Value)];
            args = [.. args, key.Value, key.Fingerprint, (long)IdempotencyKey.Lifetime.TotalSeconds];
        }

        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(TodoScripts.Create, scriptKeys, args))!;
        return (int)result[0] switch
        {
            0 => new CreateResult(CreateOutcome.Created, new TodoItem((long)result[1], todo.Title, todo.Completed, todo.Order, Version: 1)),
            1 => new CreateResult(CreateOutcome.Replayed, new TodoItem((long)result[1], todo.Title, todo.Completed, todo.Order, Version: 1)),
            2 => new CreateResult(CreateOutcome.KeyReused, null),
            _ => new CreateResult(CreateOutcome.CollectionFull, null),
        };
    });

    public Task<TodoItem?> GetAsync(long id) => metrics.TimeRedisAsync("get", async () =>
    {
        var fields = await Db.HashGetAsync(keys.Item(id), ["title", "completed", "order", "version"]);
        return ReadItem(id, fields[0], fields[1], fields[2], fields[3]);
    });

    /// <summary>At most <paramref name="limit"/> todos in stable order after <paramref name="cursor"/>, read in chunks.</summary>
    public async Task<TodoPage> ListPageAsync(bool? completed, string? cursor, int limit)
    {
        // One more than asked tells whether a next page exists.
        var wanted = limit + 1;
        var rows = new List<Row>(Math.Min(wanted, ChunkSize));
        var start = cursor;
        while (true)
        {
            var asked = Math.Min(wanted - rows.Count, ChunkSize);
            var chunk = await ReadChunkAsync(completed, start, asked);
            rows.AddRange(chunk);
            if (chunk.Count < asked || rows.Count == wanted)
            {
                break;
            }

            start = chunk[^1].Member;
        }

        var hasMore = rows.Count > limit;
        var page = hasMore ? rows[..limit] : rows;
        // The cursor is the last index member of this page, so the next page starts right after it.
        return new TodoPage(ItemsOf(page, []), hasMore ? page[^1].Member : null);
    }

    /// <summary>
    /// The whole collection in stable order, one chunk (one short script) at a time. A todo whose order changes
    /// while the chunks are read may be missed, and is never returned twice.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<TodoItem>> ListAllAsync(bool? completed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<long>();
        string? start = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = await ReadChunkAsync(completed, start, ChunkSize);
            yield return ItemsOf(chunk, seen);
            if (chunk.Count < ChunkSize)
            {
                yield break;
            }

            start = chunk[^1].Member;
        }
    }

    public Task<UpdateResult> UpdateAsync(long id, TodoChanges changes, Preconditions preconditions) => metrics.TimeRedisAsync("update", async () =>
    {
        var (ifMatch, ifNoneMatch) = preconditions.ForStore();
        var orderMode = changes switch
        {
            { SetsOrder: false } => "keep",
            { Order: null } => "clear",
            _ => "set",
        };
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            TodoScripts.Update,
            [keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex, keys.Item(id)],
            [
                ifMatch,
                ifNoneMatch,
                changes.Title ?? "",
                changes.Completed is { } c ? Flag(c) : "",
                orderMode,
                FormatOrder(changes.Order),
                SortKey.OrderPart(changes.Order),
            ]))!;

        return (int)result[0] switch
        {
            0 => new UpdateResult(
                WriteOutcome.Done,
                ReadItem(id, (RedisValue)result[1], (RedisValue)result[2], (RedisValue)result[3], (RedisValue)result[4])),
            1 => new UpdateResult(WriteOutcome.NotFound, null),
            _ => new UpdateResult(WriteOutcome.PreconditionFailed, null),
        };
    });

    public Task<WriteOutcome> DeleteAsync(long id, Preconditions preconditions) => metrics.TimeRedisAsync("delete", async () =>
    {
        var (ifMatch, ifNoneMatch) = preconditions.ForStore();
        var code = (int)await Db.ScriptEvaluateAsync(
            TodoScripts.Delete,
            [keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex, keys.Item(id)],
            [ifMatch, ifNoneMatch, keys.IdempotencyPrefix, id]);
        return code switch
        {
            0 => WriteOutcome.Done,
            1 => WriteOutcome.NotFound,
            _ => WriteOutcome.PreconditionFailed,
        };
    });

    /// <summary>
    /// Deletes chunk after chunk until a chunk finds the collection empty: every todo created before that last
    /// script is gone. Readers meanwhile may see part of the collection deleted.
    /// </summary>
    /// <exception cref="PartialWriteException">A chunk failed after earlier chunks were deleted.</exception>
    public async Task<long> DeleteAllAsync()
    {
        long deleted = 0;
        long chunk;
        do
        {
            try
            {
                chunk = await metrics.TimeRedisAsync("delete_all", async () => (long)await Db.ScriptEvaluateAsync(
                    TodoScripts.DeleteChunk,
                    [keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex],
                    [keys.ItemPrefix, ChunkSize, keys.IdempotencyPrefix]));
            }
            catch (Exception e) when (deleted > 0 && e is RedisException or TimeoutException)
            {
                throw new PartialWriteException($"{deleted} todos were deleted before Redis failed.", e);
            }

            deleted += chunk;
        }
        while (chunk == ChunkSize);

        return deleted;
    }

    public Task<long> CountAsync() => metrics.TimeRedisAsync("count", () => Db.SortedSetLengthAsync(keys.AllIndex));

    private Task<List<Row>> ReadChunkAsync(bool? completed, string? cursor, int count) => metrics.TimeRedisAsync("list", async () =>
    {
        var rows = (RedisResult[])(await Db.ScriptEvaluateAsync(
            TodoScripts.Page, [keys.Index(completed)], [keys.ItemPrefix, cursor is null ? "-" : "(" + cursor, count]))!;
        var chunk = new List<Row>(rows.Length);
        foreach (var row in rows)
        {
            var f = (RedisResult[])row!;
            chunk.Add(new Row((string)f[1]!, ReadItem((long)f[0], (RedisValue)f[2], (RedisValue)f[3], (RedisValue)f[4], (RedisValue)f[5])));
        }

        return chunk;
    });

    /// <summary>A todo moved by a concurrent change of its order can show up in two chunks; the first one counts.</summary>
    private static List<TodoItem> ItemsOf(List<Row> rows, HashSet<long> seen) =>
        rows.Select(row => row.Item).OfType<TodoItem>().Where(item => seen.Add(item.Id)).ToList();

    private static TodoItem? ReadItem(long id, RedisValue title, RedisValue completed, RedisValue order, RedisValue version) =>
        title.IsNull || version.IsNull
            ? null
            : new TodoItem(
                id,
                title!,
                completed == "1",
                order.IsNull ? null : double.Parse((string)order!, NumberStyles.Float, CultureInfo.InvariantCulture),
                (long)version);

    private static string Flag(bool value) => value ? "1" : "0";

    private static string FormatOrder(double? order) => order?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>One index member and its todo (null if the hash is missing, which the atomic writes never leave).</summary>
    private sealed record Row(string Member, TodoItem? Item);
}
