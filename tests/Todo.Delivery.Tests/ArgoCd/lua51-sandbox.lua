-- Runs an ArgoCD health.lua in Lua 5.1 inside the sandbox ArgoCD gives a custom health check (argocd-cm without
-- useOpenLibs): the base and table libraries, nothing else, and no string methods on string values.
-- usage: lua5.1 lua51-sandbox.lua HEALTH_LUA < object.lua (a Lua expression: the object as ArgoCD decodes it)
-- prints: STATUS <US> MESSAGE, or ERROR <US> the error
local write = io.write
local script = assert(loadfile(arg[1]))
local object = assert(loadstring("return " .. io.read("*a")))()

local env = {
  obj = object,
  table = { concat = table.concat, insert = table.insert, maxn = table.maxn, remove = table.remove, sort = table.sort },
}
for _, name in ipairs({ "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget",
  "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall" }) do
  env[name] = _G[name]
end
env._G = env
setfenv(script, env)
-- gopher-lua gives strings their methods only with the string library, which ArgoCD does not open.
getmetatable("").__index = nil

local ok, returned = pcall(script)
if not ok then
  write("ERROR\31", tostring(returned), "\n")
elseif type(returned) ~= "table" then
  write("ERROR\31expected a table from the script, not ", type(returned), "\n")
else
  write(tostring(returned.status), "\31", tostring(returned.message), "\n")
end
