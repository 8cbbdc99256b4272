-- A UI-like mix: 45% GET one todo, 20% GET the first page of 50, 20% PATCH with If-Match, 15% POST.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "conditional.lua")

local created = 0

function request()
  local r = math.random(100)
  if r <= 45 then
    return read_own()
  elseif r <= 65 then
    note("GET list")
    return wrk.format("GET", "/todos?limit=50")
  elseif r <= 85 then
    return conditional_write()
  end
  note("POST")
  created = created + 1
  local body = string.format('{"title":"mixed %d-%d"}', thread_index, created)
  return wrk.format("POST", "/todos", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  track(status, headers, body)
end
