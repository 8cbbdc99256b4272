# shellcheck shell=bash
# Sourced by hack/node.sh: the nodes' local PersistentVolumes. Uses the plan (plan.sh).

readonly STORAGE_CLASS=local
readonly VOLUMES=${TODO_NODE_VOLUMES:-8}

# A pool of local PersistentVolumes per node (the default StorageClass), each bound to its node as a disk of that
# machine would be, which node/keeper.sh recycles once their claim is gone: claims bind as they would on a cluster
# with a provisioner, and a pod using one is scheduled where its data is.
create_volumes() {
  local name i manifest="$NODES/volumes.yaml"
  cat >"$manifest" <<CLASS
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $STORAGE_CLASS
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
CLASS
  for name in $NODE_NAMES; do
    use_node "$name"
    for i in $(seq -w 1 "$VOLUMES"); do
      mkdir -p "$NODE_DIR/volumes/pv-$i"
      cat >>"$manifest" <<VOLUME
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: $NODE_NAME-pv-$i
  labels: { todo.gitops.dev/local-volume: "true" }
spec:
  capacity: { storage: 10Gi }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: $STORAGE_CLASS
  local: { path: $NODE_DIR/volumes/pv-$i }
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions:
            - { key: kubernetes.io/hostname, operator: In, values: [$NODE_NAME] }
VOLUME
    done
  done
  admin apply -f "$manifest" >/dev/null
}
