# Kubebuilder-style entry points. `make demo` runs the local demo, `make test` every check.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

SOLUTION := Todo.sln
RESULTS  := artifacts/test-results
CONTROL_PLANE := hack/control-plane.sh
# Runs a phase of `make test` and reports its time and the load average (hack/ci/phase.sh).
PHASE := hack/ci/phase.sh
# The output of the checks that run beside the others (`make test-run`).
SIDE_LOG := $(RESULTS)/side-lane.log
PHASES := artifacts/phases.txt
# Nodes of `make demo` (1 to 4).
NODES ?= 1

.PHONY: help
help: ## Show the targets.
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

.PHONY: deps
deps: ## Install the Debian packages the tests and the demo need (only the missing ones).
	hack/install-deps.sh --control-plane --node

.PHONY: control-plane
control-plane: deps ## Provide etcd, kube-apiserver and kube-controller-manager (built once, cached).
	$(CONTROL_PLANE) install

.PHONY: build
build: ## Build the solution (warnings are errors).
	dotnet build $(SOLUTION) -c Release

.PHONY: format
# The build already fails on analyzer and code-style warnings, whitespace included (IDE0055 in .editorconfig): only the
# order of the using directives is left to check, which `dotnet format style` does at half the CPU of a full run.
# `dotnet format Todo.sln` fixes all of it.
format: ## Check what the build cannot: the order of using directives (dotnet format style --verify-no-changes).
	dotnet format style $(SOLUTION) --verify-no-changes

.PHONY: generate
generate: ## Regenerate config/crd from the C# types, the operator's ClusterRole and Role from the child declarations, the webhook's RBAC.
	dotnet run --project src/Todo.Operator -c Release -- generate crd --output $(CURDIR)/config/crd
	dotnet run --project src/Todo.Operator -c Release --no-build -- generate rbac --output $(CURDIR)/config/rbac
	dotnet run --project src/Todo.Operator -c Release --no-build -- generate rbac --namespaced --output $(CURDIR)/config/namespaced/watched-namespace
	dotnet run --project src/Todo.Operator -c Release --no-build -- generate rbac --webhook --output $(CURDIR)/config/rbac

.PHONY: test
test test-run: export TODO_PHASES ?= $(CURDIR)/$(PHASES)
test: ## Run every check: format, build, all tests (unit, Redis, browser, control plane, end-to-end on three nodes); each phase timed.
	rm -f $(PHASES) && mkdir -p $(dir $(PHASES))
	$(PHASE) control-plane $(MAKE) --no-print-directory control-plane
	$(PHASE) node-images $(MAKE) --no-print-directory node-images
	$(PHASE) lint-shell $(MAKE) --no-print-directory lint-shell
	$(PHASE) build $(MAKE) --no-print-directory build
	$(MAKE) --no-print-directory test-run

# The checks of `make test` once built, in two lanes of about equal length on 2 cores. The side lane starts first: the
# end-to-end suite (a cluster of its own: its own control plane, free ports and cluster index; it mostly waits on pods),
# then the operator benchmark's smoke run; its output follows the main lane's (format, `dotnet test`, the API,
# Sentinel-mode and backup benchmarks' smoke runs). Every check runs whatever another one reports; the exit status says whether all passed.
.PHONY: test-run
test-run: ## The checks of `make test` on the existing build (format, the suites, the benchmarks' smoke runs).
	rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	[[ $(MAKELEVEL) -gt 0 ]] || rm -f $(PHASES)
	status=0; \
	{ side=0; \
	  $(PHASE) e2e $(MAKE) --no-print-directory e2e-run || side=1; \
	  $(PHASE) bench-operator-smoke $(MAKE) --no-print-directory bench-operator-smoke || side=1; \
	  exit $$side; } >$(SIDE_LOG) 2>&1 & side=$$!; \
	echo "e2e-run and bench-operator-smoke: started beside the other checks; their output follows (and is in $(SIDE_LOG))"; \
	$(PHASE) format $(MAKE) --no-print-directory format || status=1; \
	KUBEBUILDER_ASSETS="$$($(CONTROL_PLANE) assets)" \
	  $(PHASE) dotnet-test dotnet test $(SOLUTION) -c Release --no-build --logger trx --logger "console;verbosity=normal" \
	  --results-directory $(RESULTS) || status=1; \
	$(PHASE) bench-api-smoke $(MAKE) --no-print-directory bench-api-smoke || status=1; \
	$(PHASE) bench-sentinel-smoke $(MAKE) --no-print-directory bench-sentinel-smoke || status=1; \
	$(PHASE) bench-backup-smoke $(MAKE) --no-print-directory bench-backup-smoke || status=1; \
	wait $$side || status=1; \
	cat $(SIDE_LOG); \
	cat $(PHASES); \
	hack/test-summary.sh $(RESULTS) && exit $$status

.PHONY: e2e
e2e: control-plane node-images build ## The end-to-end tests alone: the samples as pods on three local nodes, and the faults (about 10 min).
	$(MAKE) --no-print-directory e2e-run

.PHONY: e2e-run
e2e-run:
	dotnet test tests/Todo.EndToEnd.Tests -c Release --no-build -p:EndToEnd=true --logger trx \
	  --logger "console;verbosity=normal" --results-directory $(RESULTS)/e2e

.PHONY: lint-shell
lint-shell: ## shellcheck every script (hack/, bench/, .ci/).
	shellcheck -x .ci/run hack/*.sh hack/*/*.sh hack/images/*/*.sh bench/*.sh bench/*/*.sh

# Both benchmarks run even when the first misses a target; the exit status says whether every target was met.
.PHONY: bench
bench: control-plane build ## Benchmark the API against raw Redis (about 9 min), the operator's JIT and native builds against their floor (about 20 min), backup and restore against a plain dump; results in bench/results/.
	status=0; bench/api.sh || status=1; bench/operator/compare.sh || status=1; bench/backup.sh || status=1; exit $$status

.PHONY: bench-api
bench-api: ## Benchmark the API against raw Redis alone (about 9 min); writes bench/results/api-*.md.
	bench/api.sh

# A second of every benchmark row, so that the benchmarks cannot rot; nothing timed is judged. Uses `make build`'s output.
.PHONY: bench-api-smoke
bench-api-smoke:
	BENCH_API_DIR=src/Todo.Api/bin/Release/net10.0 bench/api.sh --smoke

.PHONY: bench-sentinel-smoke
bench-sentinel-smoke: ## The API in Sentinel mode with WAIT beside Standalone, 1 s rows (about 25 s): every answer must succeed.
	BENCH_API_DIR=src/Todo.Api/bin/Release/net10.0 bench/api/sentinel.sh --smoke

.PHONY: bench-operator
bench-operator: control-plane ## Benchmark the operator's JIT and Native AOT builds against the floor on a real control plane (about 20 min); writes bench/results/, a verdict per target.
	bench/operator/compare.sh

.PHONY: bench-operator-smoke
bench-operator-smoke: ## The operator bench with 3 apps and short waits (about 40 s): it must run, its figures are not judged.
	bench/operator.sh --smoke

.PHONY: bench-backup
bench-backup: build ## Benchmark backup and restore of 10,000 and 100,000 todos against a plain dump (a few minutes); writes bench/results/backup-*.md.
	bench/backup.sh

# 500 todos through every step once (about 20 s), figures not judged. Uses `make build`'s output.
.PHONY: bench-backup-smoke
bench-backup-smoke:
	bench/backup.sh --smoke

.PHONY: images
images: deps ## Build the node's images (Dockerfile.api, Dockerfile.operator, Redis, pause; cached by content).
	hack/images.sh build

# The images where the node can run; elsewhere the demo falls back and the end-to-end tests skip, with the reason.
.PHONY: node-images
node-images: deps
	@reason="$$(hack/node.sh unavailable-reason)"; \
	if [[ -z $$reason ]]; then hack/images.sh build; else echo "images: not built, this machine cannot run the node: $$reason"; fi

.PHONY: demo
demo: control-plane build node-images ## Run the local demo: control plane and NODES nodes (default 1), the operator and both samples as pods.
	hack/demo.sh up --nodes $(NODES)

.PHONY: k3d
k3d: ## On a laptop with Docker: k3d cluster, Sealed Secrets, ArgoCD and the GitOps folder (docs/gitops.md).
	hack/k3d/bootstrap.sh

.PHONY: demo-down
demo-down: ## Stop the demo and remove its data.
	hack/demo.sh down
