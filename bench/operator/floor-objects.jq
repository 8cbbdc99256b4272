# The children `generate children` wrote, made invisible to the operator for the floor client: another managed-by
# value (the operator's informers select managed-by=todo-operator, so they never cache them) and no owner reference
# (the TodoApps they were generated from never exist). The Deployment is paused and the StatefulSet at 0 replicas, so
# the controller-manager makes no ReplicaSet, pod or claim for them, and its work does not weigh on the operator's run
# that follows. The API server validates, stores and announces them as it does the operator's.
walk(if type == "object" and .["app.kubernetes.io/managed-by"] == "todo-operator" then .["app.kubernetes.io/managed-by"] = "todo-bench-floor" else . end)
| del(.object.metadata.ownerReferences)
| if .object.kind == "Deployment" then .object.spec.paused = true
  elif .object.kind == "StatefulSet" then .object.spec.replicas = 0
  else . end
