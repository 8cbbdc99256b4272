# shellcheck shell=bash disable=SC2154
# Sourced by hack/node.sh: the node's local PersistentVolumes. Uses the node's plan and hack/node.sh's helpers.

# A pool of local PersistentVolumes (the default StorageClass), which node/keeper.sh recycles once
# their claim is gone: PersistentVolumeClaims bind as they would on a cluster with a provisioner.
create_volumes() {
  local i manifest="$NODE/volumes.yaml"
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
  for i in $(seq -w 1 "$VOLUMES"); do
    mkdir -p "$NODE/volumes/pv-$i"
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
  local: { path: $NODE/volumes/pv-$i }
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions:
            - { key: kubernetes.io/hostname, operator: In, values: [$NODE_NAME] }
VOLUME
  done
  admin apply -f "$manifest" >/dev/null
}
