-- GET /todos/{id}: a random seeded todo.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function request()
  return wrk.format("GET", "/todos/" .. any_id())
end

function response(status)
  count(status)
end
