-- The same page over a layout the API does not use (yet): each todo one string holding its encoded record, so that
-- one MGET reads a whole chunk. Same reply as TodoScripts.Page.
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], '+', 'LIMIT', 0, tonumber(ARGV[3]))
if #members == 0 then return {0, '', ''} end
local keys = {}
for i, m in ipairs(members) do keys[i] = ARGV[1] .. string.format('%d', tonumber(string.sub(m, 17), 16)) end
local values = redis.call('MGET', unpack(keys))
local out = {}
for i, m in ipairs(members) do
  if values[i] then out[#out + 1] = m .. values[i] end
end
return {#members, members[#members] or '', table.concat(out)}
