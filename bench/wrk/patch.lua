-- PATCH /todos/{id} with If-Match; the first touch of each todo is the GET that learns its ETag.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "conditional.lua")

function request()
  return conditional_write()
end

function response(status, headers, body)
  track(status, headers, body)
end
