# shellcheck shell=bash
# Sourced by hack/control-plane.sh: the control plane's certificates and kubeconfigs, under $STATE/pki.

# write_certificates PKI [EXTRA_NAMES]: a throwaway CA per `up`, so that clients verify the API server's certificate as
# they would in a cluster. The serving certificate also names what pods and nodes use (EXTRA_NAMES, ",IP:..." items:
# the `kubernetes` Service and the relay's address).
write_certificates() {
  local pki=$1 extra_names=${2:-}
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=todo-control-plane-ca" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' \
    "$extra_names" >"$pki/apiserver.ext"
  openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 7 \
    -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
  # The API server's identity towards kubelets (logs, exec, port-forward).
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver-kubelet-client/O=system:masters" \
    -keyout "$pki/kubelet-client.key" -out "$pki/kubelet-client.csr" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n' >"$pki/kubelet-client.ext"
  openssl x509 -req -in "$pki/kubelet-client.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 7 \
    -extfile "$pki/kubelet-client.ext" -out "$pki/kubelet-client.crt" 2>/dev/null
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  chmod 600 "$pki/"*.key
}

# write_kubeconfig FILE SERVER USER TOKEN [NAMESPACE]: a kubeconfig with the CA inline and a bearer token.
write_kubeconfig() {
  local file=$1 server=$2 user=$3 token=$4 namespace=${5:-default}
  cat >"$file" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: todo-control-plane
    cluster:
      server: $server
      certificate-authority-data: $(base64 -w0 <"$STATE/pki/ca.crt")
users:
  - name: $user
    user:
      token: $token
contexts:
  - name: $user@todo-control-plane
    context:
      cluster: todo-control-plane
      user: $user
      namespace: $namespace
current-context: $user@todo-control-plane
KUBECONFIG
  chmod 600 "$file"
}

# admin_curl PATH [CURL_ARGS...]: the API server as the admin, with curl (a kubectl start costs more than the request).
admin_curl() {
  local path=$1
  shift
  curl -fsS --max-time 10 --cacert "$STATE/pki/ca.crt" -H "Authorization: Bearer $(kubeconfig_field "$STATE/kubeconfig" token)" \
    "$@" "$(kubeconfig_field "$STATE/kubeconfig" server)$path"
}
