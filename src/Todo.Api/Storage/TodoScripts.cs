namespace Todo.Api.Storage;

/// <summary>
/// Every write is one Lua script, so Redis runs it atomically: no client ever sees a todo without its index
/// entry or the other way round. Scripts that touch many todos (reading the collection, deleting it) take a bounded
/// chunk per call, so that no call holds Redis, which serves every other client only between scripts, for more than
/// about a millisecond. Keys known in advance are passed in KEYS; item keys are derived inside the scripts from the
/// prefix and a numeric id (a new id, or the ids in an index), which is why the API needs a standalone Redis (or a
/// primary with replicas), not Redis Cluster.
/// </summary>
internal static class TodoScripts
{
    /// <summary>
    /// Ids come from the sequence. A missing sequence is started at Redis's clock in microseconds since 1970
    /// rather than at 0: a Redis that lost its data (persistence off, a new volume) thus never hands out an id it
    /// handed out before, and ids stay below 2^53, exact in JavaScript, until the year 2255.
    /// KEYS: sequence, all, active, completed, and the Idempotency-Key record if the request has a key.
    /// ARGV: item prefix, title, completed (1/0), order or '', order part, most todos allowed, and with a key: the
    /// key, the request's fingerprint, the record's lifetime in seconds.
    /// Returns {0, id} when created; when the key already created todo id from the same request, {1, id, title,
    /// completed, order, version} with the todo as it is now, or {4, id} when that todo was deleted since; {2} when the
    /// key was used for another request, {3} when the collection is full.
    /// </summary>
    public const string Create = """
        if KEYS[5] then
          local record = redis.call('GET', KEYS[5])
          if record then
            local id, fingerprint = string.match(record, '^(%d+):(.*)$')
            if fingerprint ~= ARGV[8] then return {2} end
            local f = redis.call('HMGET', ARGV[1] .. id, 'title', 'completed', 'order', 'version')
            if not f[1] or not f[4] then return {4, tonumber(id)} end
            return {1, tonumber(id), f[1], f[2], f[3], f[4]}
          end
        end
        if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[6]) then return {3} end
        if redis.call('EXISTS', KEYS[1]) == 0 then
          local now = redis.call('TIME')
          redis.call('SET', KEYS[1], now[1] .. string.format('%06d', now[2]))
        end
        local id = redis.call('INCR', KEYS[1])
        local member = ARGV[5] .. string.format('%016x', id)
        local key = ARGV[1] .. string.format('%d', id)
        redis.call('HSET', key, 'title', ARGV[2], 'completed', ARGV[3], 'version', 1, 'sort', member)
        if ARGV[4] ~= '' then redis.call('HSET', key, 'order', ARGV[4]) end
        redis.call('ZADD', KEYS[2], 0, member)
        if ARGV[3] == '1' then redis.call('ZADD', KEYS[4], 0, member) else redis.call('ZADD', KEYS[3], 0, member) end
        if KEYS[5] then
          redis.call('SET', KEYS[5], string.format('%d', id) .. ':' .. ARGV[8], 'EX', ARGV[9])
          redis.call('HSET', key, 'idem', ARGV[7])
        end
        return {0, id}
        """;

    /// <summary>
    /// KEYS: all, active, completed, item. ARGV: If-Match versions, If-None-Match versions (see
    /// <see cref="CheckPreconditions"/>), title or '', completed (1/0) or '', order mode (keep/set/clear), order,
    /// order part. Returns {0, title, completed, order, version}, {1} when the todo does not exist, {2} when a
    /// precondition fails.
    /// </summary>
    public const string Update = CheckPreconditions + """
        local key = KEYS[4]
        local cur = redis.call('HMGET', key, 'version', 'sort', 'completed')
        local failed = check(cur[1], ARGV[1], ARGV[2])
        if failed ~= 0 then return {failed} end
        local old = cur[2]
        local member = old
        if ARGV[5] ~= 'keep' then
          member = ARGV[7] .. string.sub(old, 17)
          if ARGV[5] == 'set' then redis.call('HSET', key, 'order', ARGV[6]) else redis.call('HDEL', key, 'order') end
        end
        if ARGV[3] ~= '' then redis.call('HSET', key, 'title', ARGV[3]) end
        local completed = cur[3]
        if ARGV[4] ~= '' then
          completed = ARGV[4]
          redis.call('HSET', key, 'completed', completed)
        end
        redis.call('HSET', key, 'sort', member)
        redis.call('HINCRBY', key, 'version', 1)
        redis.call('ZREM', KEYS[1], old)
        redis.call('ZREM', KEYS[2], old)
        redis.call('ZREM', KEYS[3], old)
        redis.call('ZADD', KEYS[1], 0, member)
        if completed == '1' then redis.call('ZADD', KEYS[3], 0, member) else redis.call('ZADD', KEYS[2], 0, member) end
        local f = redis.call('HMGET', key, 'title', 'completed', 'order', 'version')
        return {0, f[1], f[2], f[3], f[4]}
        """;

    /// <summary>
    /// KEYS: all, active, completed, item, kept keys. ARGV: If-Match versions, If-None-Match versions, Idempotency-Key
    /// record prefix, id, most keys kept, item prefix. Returns 0, 1 (not found) or 2 (a precondition fails).
    /// </summary>
    public const string Delete = CheckPreconditions + KeepIdempotencyKey + """
        local cur = redis.call('HMGET', KEYS[4], 'version', 'sort', 'idem')
        local failed = check(cur[1], ARGV[1], ARGV[2])
        if failed ~= 0 then return failed end
        redis.call('DEL', KEYS[4])
        redis.call('ZREM', KEYS[1], cur[2])
        redis.call('ZREM', KEYS[2], cur[2])
        redis.call('ZREM', KEYS[3], cur[2])
        keep(KEYS[5], ARGV[3], cur[3], ARGV[4])
        trim(KEYS[5], ARGV[3], ARGV[6], tonumber(ARGV[5]))
        return 0
        """;

    /// <summary>
    /// KEYS: all, active, completed, kept keys. ARGV: item prefix, chunk size, Idempotency-Key record prefix, most keys
    /// kept. Deletes the first chunk of the collection and returns how many todos it deleted; fewer than the chunk size
    /// means the collection is now empty.
    /// </summary>
    public const string DeleteChunk = KeepIdempotencyKey + """
        local members = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        if #members == 0 then return 0 end
        for _, m in ipairs(members) do
          local id = string.format('%d', tonumber(string.sub(m, 17), 16))
          local key = ARGV[1] .. id
          local idem = redis.call('HGET', key, 'idem')
          redis.call('DEL', key)
          keep(KEYS[4], ARGV[3], idem, id)
        end
        redis.call('ZREM', KEYS[1], unpack(members))
        redis.call('ZREM', KEYS[2], unpack(members))
        redis.call('ZREM', KEYS[3], unpack(members))
        trim(KEYS[4], ARGV[3], ARGV[1], tonumber(ARGV[4]))
        return #members
        """;

    /// <summary>
    /// KEYS: index. ARGV: item prefix, lex start ('-' or '(' cursor), count (at most one chunk).
    /// Returns how many members it read, the last of them ('' for none) and the todos, read in one atomic snapshot, as
    /// one string of records (see <see cref="PageRecords"/>); a member without its hash, which the atomic writes never
    /// leave, is skipped. This script is most of what a collection costs Redis (bench/README.md): the functions it
    /// calls per todo are locals and the records are counted, not measured with #, which saved about 5% of it.
    /// </summary>
    public const string Page = """
        local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], '+', 'LIMIT', 0, tonumber(ARGV[3]))
        local call, format, sub, number, prefix = redis.call, string.format, string.sub, tonumber, ARGV[1]
        local out, n = {}, 0
        for i = 1, #members do
          local m = members[i]
          local id = format('%d', number(sub(m, 17), 16))
          local f = call('HMGET', prefix .. id, 'title', 'completed', 'order', 'version')
          local title = f[1]
          if title and f[4] then
            n = n + 1
            out[n] = m .. id .. '\31' .. (f[2] or '0') .. '\31' .. f[4] .. '\31' .. (f[3] or '') .. '\31' .. #title .. '\31' .. title
          end
        end
        return {#members, members[#members] or '', table.concat(out)}
        """;

    /// <summary>
    /// RFC 9110, section 13.2.2, against the stored version (false when the todo does not exist): If-Match first,
    /// then If-None-Match. Each is '' when absent, '*', or the versions it names as ",3,5,".
    /// Returns 0 to go on, 1 when the todo does not exist, 2 when a precondition fails.
    /// </summary>
    private const string CheckPreconditions = """
        local function names(versions, version)
          return versions == '*' or string.find(versions, ',' .. version .. ',', 1, true) ~= nil
        end
        local function check(version, ifmatch, ifnonematch)
          if ifmatch ~= '' and not (version and names(ifmatch, version)) then return 2 end
          if not version then return 1 end
          if ifnonematch ~= '' and names(ifnonematch, version) then return 2 end
          return 0
        end

        """;

    /// <summary>
    /// The Idempotency-Key record of a deleted todo is kept for the rest of its lifetime, so that a late retry of the
    /// POST that created the todo finds it (409) instead of creating the todo again. The kept keys are listed in a
    /// sorted set by the time their records expire, and at most as many are kept as the app may hold todos: records
    /// never outnumber twice the todo cap, however fast a client creates and deletes; past that the oldest kept key
    /// is forgotten first. A record that expired and was reused by a newer todo names another id and is left alone.
    /// </summary>
    private const string KeepIdempotencyKey = """
        local function keep(kept, prefix, key, id)
          if not key then return end
          local record = redis.call('GET', prefix .. key)
          if not record or string.sub(record, 1, #id + 1) ~= id .. ':' then return end
          local now = redis.call('TIME')
          redis.call('ZADD', kept, now[1] * 1000 + math.floor(now[2] / 1000) + redis.call('PTTL', prefix .. key), key)
        end
        local function trim(kept, prefix, itemprefix, most)
          local now = redis.call('TIME')
          redis.call('ZREMRANGEBYSCORE', kept, '-inf', now[1] * 1000 + math.floor(now[2] / 1000))
          local excess = redis.call('ZCARD', kept) - most
          if excess <= 0 then return end
          local popped = redis.call('ZPOPMIN', kept, excess)
          for i = 1, #popped, 2 do
            local record = redis.call('GET', prefix .. popped[i])
            local id = record and string.match(record, '^(%d+):')
            if id and redis.call('EXISTS', itemprefix .. id) == 0 then redis.call('DEL', prefix .. popped[i]) end
          end
        end

        """;
}
