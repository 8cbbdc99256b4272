-- GET /todos?limit=50: the first page of the collection, what the UI loads.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function request()
  return wrk.format("GET", "/todos?limit=50")
end

function response(status)
  count(status)
end
