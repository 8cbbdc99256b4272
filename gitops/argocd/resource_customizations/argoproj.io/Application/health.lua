-- ArgoCD health of an Application, from the health ArgoCD itself reports for it. ArgoCD stopped assessing
-- Applications in 1.8; the app of apps (gitops/argocd/apps) needs it so that its sync waves wait for the
-- operator's Application to be Healthy before the environments are created. Base library only.
local health = obj.status ~= nil and obj.status.health or nil
if health == nil or health.status == nil then
  return { status = "Progressing", message = "Waiting for ArgoCD to assess the Application" }
end
return { status = health.status, message = health.message or "" }
