using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Todo.Api.Metrics;
using Todo.Api.Todos;

namespace Todo.Api.Storage;

/// <summary>The todo collection in Redis: a hash per todo plus lexically sorted index sets (see <see cref="SortKey"/>).</summary>
internal sealed class TodoStore(IConnectionMultiplexer redis, ReplicatedWrites writes, TodoKeys keys, TodoMetrics metrics, IOptions<ApiOptions> options)
    : IDisposable
{
    /// <summary>
    /// Todos one script reads or deletes. One script over 110,000 todos held Redis for 578 ms (about 5 µs a todo),
    /// so a chunk costs Redis about a millisecond and a collection of up to 249 is still one call.
    /// </summary>
    public const int ChunkSize = 250;

    /// <summary>
    /// Chunk scripts (reads of many todos, deletes of the collection) this process has at Redis at once; the others wait
    /// here, in order. Redis runs one script at a time and this process's commands reach it over one connection, in
    /// order, so a GET of one todo waits behind every chunk script sent before it: with 32 clients reading 10,000 todos
    /// that was 32 scripts, tens of milliseconds (bench/README.md). Two keep Redis busy with chunks back to back (one
    /// runs while the next one's request travels) and let every other command in after at most two of them.
    /// </summary>
    public const int ChunkScriptsAtOnce = 2;

    private static readonly RedisValue[] ItemFields = ["title", "completed", "order", "version"];

    private readonly int _maxTodos = options.Value.MaxTodos;

    private readonly SemaphoreSlim _chunkScripts = new(ChunkScriptsAtOnce);

    private IDatabase Db => redis.GetDatabase();

    public async Task<CreateResult> CreateAsync(NewTodo todo, IdempotencyKey? idempotencyKey)
    {
        RedisKey[] scriptKeys = [keys.Sequence, keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex];
        RedisValue[] args = [keys.ItemPrefix, todo.Title, Flag(todo.Completed), FormatOrder(todo.Order), SortKey.OrderPart(todo.Order), _maxTodos];
        if (idempotencyKey is { } key)
        {
            scriptKeys = [.. scriptKeys, keys.IdempotencyRecord(key.Value)];
            args = [.. args, key.Value, key.Fingerprint, (long)IdempotencyKey.Lifetime.TotalSeconds];
        }

        var result = (RedisResult[])(await metrics.TimeRedisAsync("create", Stopwatch.GetTimestamp(), writes.EvaluateAsync(TodoScripts.Create, scriptKeys, args)))!;
        return (int)result[0] switch
        {
            0 => new CreateResult(CreateOutcome.Created, new TodoItem((long)result[1], todo.Title, todo.Completed, todo.Order, Version: 1), (long)result[1]),
            1 => new CreateResult(
                CreateOutcome.Replayed,
                ReadItem((long)result[1], (RedisValue)result[2], (RedisValue)result[3], (RedisValue)result[4], (RedisValue)result[5]),
                (long)result[1]),
            2 => new CreateResult(CreateOutcome.KeyReused, null),
            4 => new CreateResult(CreateOutcome.KeyOfDeletedTodo, null, (long)result[1]),
            _ => new CreateResult(CreateOutcome.CollectionFull, null),
        };
    }

    public async Task<TodoItem?> GetAsync(long id)
    {
        var fields = await metrics.TimeRedisAsync("get", Stopwatch.GetTimestamp(), Db.HashGetAsync(keys.Item(id), ItemFields));
        return ReadItem(id, fields[0], fields[1], fields[2], fields[3]);
    }

    /// <summary>At most <paramref name="limit"/> todos in stable order after <paramref name="cursor"/>, read in chunks.</summary>
    public async Task<TodoPage> ListPageAsync(bool? completed, string? cursor, int limit, CancellationToken cancellationToken)
    {
        // One more than asked tells whether a next page exists.
        var wanted = limit + 1;
        var rows = new List<(string Member, TodoItem Item)>(Math.Min(wanted, ChunkSize));
        var start = cursor;
        while (true)
        {
            var asked = Math.Min(wanted - rows.Count, ChunkSize);
            var chunk = await ReadChunkAsync(completed, start, asked, cancellationToken);
            rows.AddRange(chunk.Rows);
            if (chunk.MembersRead < asked || rows.Count == wanted)
            {
                break;
            }

            start = chunk.LastMember;
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
            var chunk = await ReadChunkAsync(completed, start, ChunkSize, cancellationToken);
            yield return ItemsOf(chunk.Rows, seen);
            if (chunk.MembersRead < ChunkSize)
            {
                yield break;
            }

            start = chunk.LastMember;
        }
    }

    public async Task<UpdateResult> UpdateAsync(long id, TodoChanges changes, Preconditions preconditions)
    {
        var (ifMatch, ifNoneMatch) = preconditions.ForStore();
        var orderMode = changes switch
        {
            { SetsOrder: false } => "keep",
            { Order: null } => "clear",
            _ => "set",
        };
        var result = (RedisResult[])(await metrics.TimeRedisAsync("update", Stopwatch.GetTimestamp(), writes.EvaluateAsync(
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
            ])))!;

        return (int)result[0] switch
        {
            0 => new UpdateResult(
                WriteOutcome.Done,
                ReadItem(id, (RedisValue)result[1], (RedisValue)result[2], (RedisValue)result[3], (RedisValue)result[4])),
            1 => new UpdateResult(WriteOutcome.NotFound, null),
            _ => new UpdateResult(WriteOutcome.PreconditionFailed, null),
        };
    }

    public async Task<WriteOutcome> DeleteAsync(long id, Preconditions preconditions)
    {
        var (ifMatch, ifNoneMatch) = preconditions.ForStore();
        var code = (int)await metrics.TimeRedisAsync("delete", Stopwatch.GetTimestamp(), writes.EvaluateAsync(
            TodoScripts.Delete,
            [keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex, keys.Item(id), keys.KeptIdempotencyKeys],
            [ifMatch, ifNoneMatch, keys.IdempotencyPrefix, id, _maxTodos, keys.ItemPrefix]));
        return code switch
        {
            0 => WriteOutcome.Done,
            1 => WriteOutcome.NotFound,
            _ => WriteOutcome.PreconditionFailed,
        };
    }

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
                chunk = (long)await OneChunkScriptAtATimeAsync(
                    () => metrics.TimeRedisAsync("delete_all", Stopwatch.GetTimestamp(), writes.EvaluateAsync(
                        TodoScripts.DeleteChunk,
                        [keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex, keys.KeptIdempotencyKeys],
                        [keys.ItemPrefix, ChunkSize, keys.IdempotencyPrefix, _maxTodos])),
                    CancellationToken.None);
            }
            catch (Exception e) when (deleted > 0 && e is RedisException or TimeoutException or UnreplicatedWriteException)
            {
                throw new PartialWriteException($"{deleted} todos were deleted before Redis failed.", e);
            }

            deleted += chunk;
        }
        while (chunk == ChunkSize);

        return deleted;
    }

    public void Dispose() => _chunkScripts.Dispose();

    public Task<long> CountAsync() => metrics.TimeRedisAsync("count", Stopwatch.GetTimestamp(), Db.SortedSetLengthAsync(keys.AllIndex));

    private async Task<Chunk> ReadChunkAsync(bool? completed, string? cursor, int count, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await OneChunkScriptAtATimeAsync(
            () => metrics.TimeRedisAsync("list", Stopwatch.GetTimestamp(), Db.ScriptEvaluateAsync(
                TodoScripts.Page, [keys.Index(completed)], [keys.ItemPrefix, cursor is null ? "-" : "(" + cursor, count])),
            cancellationToken))!;
        return new Chunk((int)reply[0], (string)reply[1]!, PageRecords.Parse(((ReadOnlyMemory<byte>)(RedisValue)reply[2]).Span));
    }

    /// <summary>Runs a chunk script once fewer than <see cref="ChunkScriptsAtOnce"/> are at Redis; the wait is not Redis time.</summary>
    private async Task<RedisResult> OneChunkScriptAtATimeAsync(Func<Task<RedisResult>> script, CancellationToken cancellationToken)
    {
        await _chunkScripts.WaitAsync(cancellationToken);
        try
        {
            return await script();
        }
        finally
        {
            _chunkScripts.Release();
        }
    }

    /// <summary>A todo moved by a concurrent change of its order can show up in two chunks; the first one counts.</summary>
    private static List<TodoItem> ItemsOf(IEnumerable<(string Member, TodoItem Item)> rows, HashSet<long> seen) =>
        rows.Select(row => row.Item).Where(item => seen.Add(item.Id)).ToList();

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

    /// <summary>
    /// One script's read: how many index members it read (fewer than asked: the end of the index), the last of them
    /// (where the next chunk starts), and the todos, each with its member (the cursor after it).
    /// </summary>
    private sealed record Chunk(int MembersRead, string LastMember, List<(string Member, TodoItem Item)> Rows);
}
