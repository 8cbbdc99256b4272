-- ArgoCD health of a TodoApp, read from the conditions the operator reports (docs/gitops.md, "Health").
-- Written for ArgoCD's default sandbox for custom health checks: the base and table libraries only, so no
-- string methods (no :find, :format) and no string, math or io library.

local function find_condition(conditions, type)
  for _, condition in ipairs(conditions) do
    if condition.type == type then
      return condition
    end
  end
  return nil
end

-- "Reason: message", or whichever of the two the condition has.
local function describe(condition, fallback)
  if condition == nil then
    return fallback
  end
  if condition.reason ~= nil and condition.message ~= nil then
    return condition.reason .. ": " .. condition.message
  end
  return condition.message or condition.reason or fallback
end

local status = obj.status
if status == nil or status.conditions == nil then
  return { status = "Progressing", message = "Waiting for the operator to report a status" }
end

if status.observedGeneration ~= obj.metadata.generation then
  return {
    status = "Progressing",
    message = "Waiting for the operator to observe generation " .. tostring(obj.metadata.generation),
  }
end

local conditions = status.conditions

if obj.spec ~= nil and obj.spec.paused == true then
  local progressing = find_condition(conditions, "Progressing")
  return { status = "Suspended", message = describe(progressing, "spec.paused is true") }
end

local degraded = find_condition(conditions, "Degraded")
if degraded ~= nil and degraded.status == "True" then
  return { status = "Degraded", message = describe(degraded, "Degraded") }
end

local ready = find_condition(conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  return { status = "Healthy", message = describe(ready, "Ready") }
end

return { status = "Progressing", message = describe(ready, "Waiting for the Ready condition") }
