using System.Globalization;
using StackExchange.Redis;
using Todo.Api.Metrics;
using Todo.Api.Todos;

namespace Todo.Api.Storage;

/// <summary>The todo collection in Redis: a hash per todo plus lexically sorted index sets (see <see cref="SortKey"/>).</summary>
internal sealed class TodoStore(IConnectionMultiplexer redis, TodoKeys keys, TodoMetrics metrics)
{
    private IDatabase Db => redis.GetDatabase();

    public Task<TodoItem> CreateAsync(NewTodo todo) => metrics.TimeRedisAsync("create", async () =>
    {
        var id = (long)await Db.ScriptEvaluateAsync(
            TodoScripts.Create,
            [keys.Sequence, keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex],
            [keys.ItemPrefix, todo.Title, Flag(todo.Completed), FormatOrder(todo.Order), SortKey.OrderPart(todo.Order)]);
        return new TodoItem(id, todo.Title, todo.Completed, todo.Order, Version: 1);
    });

    public Task<TodoItem?> GetAsync(long id) => metrics.TimeRedisAsync("get", async () =>
    {
        var fields = await Db.HashGetAsync(keys.Item(id), ["title", "completed", "order", "version"]);
        return ReadItem(id, fields[0], fields[1], fields[2], fields[3]);
    });

    /// <summary>Todos in stable order after <paramref name="cursor"/>; all of them when <paramref name="limit"/> is null.</summary>
    public Task<TodoPage> ListAsync(bool? completed, string? cursor, int? limit) => metrics.TimeRedisAsync("list", async () =>
    {
        var start = cursor is null ? "-" : "(" + cursor;
        // One more than asked tells whether a next page exists.
        var count = limit is { } n ? n + 1 : -1;
        var rows = (RedisResult[])(await Db.ScriptEvaluateAsync(
            TodoScripts.Page, [keys.Index(completed)], [keys.ItemPrefix, start, count]))!;

        var hasMore = limit is { } max && rows.Length > max;
        var taken = hasMore ? rows[..limit!.Value] : rows;
        var items = new List<TodoItem>(taken.Length);
        foreach (var row in taken)
        {
            var f = (RedisResult[])row!;
            if (ReadItem((long)f[0], (RedisValue)f[2], (RedisValue)f[3], (RedisValue)f[4], (RedisValue)f[5]) is { } item)
            {
                items.Add(item);
            }
        }

        // The cursor is the last index member of this page, so the next page starts right after it.
        var next = hasMore ? (string?)((RedisResult[])taken[^1]!)[1] : null;
        return new TodoPage(items, next);
    });

    public Task<UpdateResult> UpdateAsync(long id, TodoChanges changes, long? expectedVersion) => metrics.TimeRedisAsync("update", async () =>
    {
        var orderMode = changes switch
        {
            { SetsOrder: false } => "keep",
            { Order: null } => "clear",
            _ => "set",
        };
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            TodoScripts.Update,
            [keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex],
            [
                keys.Item(id),
                FormatVersion(expectedVersion),
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
            _ => new UpdateResult(WriteOutcome.VersionMismatch, null),
        };
    });

    public Task<WriteOutcome> DeleteAsync(long id, long? expectedVersion) => metrics.TimeRedisAsync("delete", async () =>
    {
        var code = (int)await Db.ScriptEvaluateAsync(
            TodoScripts.Delete,
            [keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex],
            [keys.Item(id), FormatVersion(expectedVersion)]);
        return code switch
        {
            0 => WriteOutcome.Done,
            1 => WriteOutcome.NotFound,
            _ => WriteOutcome.VersionMismatch,
        };
    });

    public Task<long> DeleteAllAsync() => metrics.TimeRedisAsync("delete_all", async () =>
        (long)await Db.ScriptEvaluateAsync(
            TodoScripts.DeleteAll,
            [keys.AllIndex, keys.ActiveIndex, keys.CompletedIndex],
            [keys.ItemPrefix]));

    public Task<long> CountAsync() => metrics.TimeRedisAsync("count", () => Db.SortedSetLengthAsync(keys.AllIndex));

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

    private static string FormatVersion(long? version) => version?.ToString(CultureInfo.InvariantCulture) ?? "";
}
