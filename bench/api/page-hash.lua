-- The page script over the storage layout the API uses (TodoScripts.Page): one hash per todo, one HMGET each.
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
