-- PATCH /todos/{id} with If-Match, as a careful client writes: If-Match is the ETag of the last response for that
-- todo, and the first touch of each todo is the GET that learns it. A todo is never in flight twice at once
-- (several connections share a thread, each thread has its own todos), so every 412 would be a real lost-update
-- detection, not a bench artefact: expect none.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local etags, inflight = {}, {}
local edits = 0

local function take_id()
  local id = own_id()
  for _ = 1, 100 do
    if not inflight[id] then
      break
    end
    id = own_id()
  end
  inflight[id] = true
  return id
end

function request()
  local id = take_id()
  local etag = etags[id]
  if not etag then
    note("GET")
    return wrk.format("GET", "/todos/" .. id)
  end
  note("PATCH")
  edits = edits + 1
  local body = string.format('{"title":"edit %d-%d","completed":%s}', thread_index, edits, tostring(edits % 2 == 0))
  return wrk.format("PATCH", "/todos/" .. id, { ["Content-Type"] = "application/json", ["If-Match"] = etag }, body)
end

-- Only single-todo bodies name the todo a response is about: {"id":N,...}, or the detail of a 404/412 problem.
function response(status, headers, body)
  count(status)
  if body:sub(1, 1) ~= "{" then
    return
  end
  local id = body:match('^{"id":(%d+)') or body:match("Todo '(%d+)'")
  if id and is_own(id) then
    inflight[id] = nil
    etags[id] = status < 300 and headers["ETag"] or nil
  end
end
