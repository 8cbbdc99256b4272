-- GET /todos: the whole collection as one plain array (api.sh keeps it at the seeded todos, 100 by default).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function request()
  return wrk.format("GET", "/todos")
end

function response(status)
  count(status)
end
