-- POST /todos: every request creates a new todo; a third of them completed.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local n = 0

function request()
  n = n + 1
  local body = string.format('{"title":"bench %d-%d","completed":%s}', thread_index, n, tostring(n % 3 == 0))
  return wrk.format("POST", "/todos", { ["Content-Type"] = "application/json" }, body)
end

function response(status)
  count(status)
end
