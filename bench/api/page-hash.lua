-- The page script over the storage layout the API uses (TodoScripts.Page): one hash per todo, one HMGET each.
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], '+', 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, m in ipairs(members) do
  local id = string.format('%d', tonumber(string.sub(m, 17), 16))
  local f = redis.call('HMGET', ARGV[1] .. id, 'title', 'completed', 'order', 'version')
  if f[1] and f[4] then
    out[#out + 1] = m .. id .. '\31' .. (f[2] or '0') .. '\31' .. f[4] .. '\31' .. (f[3] or '') .. '\31' .. #f[1] .. '\31' .. f[1]
  end
end
return {#members, members[#members] or '', table.concat(out)}
