# AppStack Operator. `make demo` replays a real trace through the scaling engine; `make test` runs every test;
# `make dev` runs the operator on a local control plane; `make run` against the current kube context.
MVN ?= ./mvnw -B
CRD := appstacks.appstack.io-v1.yml
# Container engine and image for `make image` (not run in CI: it needs docker or podman).
CONTAINER_ENGINE ?= docker
IMAGE ?= appstack/appstack-operator:0.1.0
# Image of the example Node.js API and BullMQ worker (examples/node-bullmq) that the samples run.
EXAMPLE_IMAGE ?= appstack/appstack-example:0.1.0

.PHONY: test test-unit test-control-plane control-plane example-deps example-image run dev build crds demo clean image \
  argocd-cm

# Every test: unit and mock-API-server tests, then the tests on a real control plane (built first if missing),
# then (verify: after package) the tests of the packaged operator on it.
test: control-plane example-deps
	$(MVN) verify

# Only the fast layers (pure unit and fabric8 mock API server); no control plane needed.
test-unit:
	$(MVN) test -DskipControlPlaneTests=true

# Only the tests on the real control plane, the packaged operator's included.
test-control-plane: control-plane example-deps
	$(MVN) verify -DskipUnitTests=true

# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok from pinned Go modules into
# ~/.cache/appstack-control-plane (once per machine; hack/control-plane.sh --dir prints where).
control-plane:
	PATH="$$PATH:/usr/local/go/bin" hack/control-plane.sh >/dev/null
	PATH="$$PATH:/usr/local/go/bin" hack/cnpg-crds.sh >/dev/null
	PATH="$$PATH:/usr/local/go/bin" hack/monitoring-crds.sh >/dev/null

build:
	$(MVN) package -DskipTests

# The operator against your current kube context; one clear line when there is none.
run:
	bin/run

# A local control plane (built from Go modules, kwok for nodes), the operator in dev mode against it and
# samples/minimal.yaml applied: `kubectl get astack` with no cluster of your own. Ctrl-C stops it all.
dev:
	bin/dev

# Regenerates the CRD from the Java model into crds/ and the chart, and keeps the manifests Quarkus Operator
# SDK generates (RBAC derived from the controller) for the chart's RBAC test. Tests fail when they drift.
crds: build
	cp target/kubernetes/$(CRD) crds/$(CRD)
	cp target/kubernetes/$(CRD) helm-chart/appstack-operator/files/$(CRD)
	cp target/kubernetes/kubernetes.yml src/test/resources/qosdk/kubernetes.yml

# The example app's npm packages (pinned by its package-lock.json), for its test on loopback; its own unit tests.
example-deps:
	cd examples/node-bullmq && npm ci --no-audit --no-fund --loglevel=error && npm test --silent

# Builds the example app's image (API and worker in one). Push it where your cluster pulls from, e.g.
# make example-image EXAMPLE_IMAGE=registry.example.com/shop/appstack-example:0.1.0 && docker push …
example-image:
	$(CONTAINER_ENGINE) build -t $(EXAMPLE_IMAGE) examples/node-bullmq

# Builds the operator's JVM image from the Dockerfile. Needs a container engine (docker or podman).
image: build
	$(CONTAINER_ENGINE) build -t $(IMAGE) .

# Embeds deploy/argocd/health.lua into the argocd-cm snippet (a test checks they match).
argocd-cm:
	{ cat deploy/argocd/argocd-cm-health.yaml.in; sed 's/^\(.\)/    \1/' deploy/argocd/health.lua; } \
	  > deploy/argocd/argocd-cm-health.yaml

# Replays the NASA-HTTP 1995 trace (58 days, per minute) against samples/minimal.yaml through the engine and
# the baselines, prints the table and writes the HTML report. The load is rescaled so its median needs the
# middle of the Medium API range: 2,500 req/s at 1,000 req/s per pod and the 70% CPU target is 3.6 → 4 pods
# (Medium: 3–5); the Auto stack starts in Medium and the baselines use Medium's bounds.
# DEMO_ARGS stays on one line: SimulateDemoTest reads it from here and runs the same replay.
DEMO_ARGS := --stack samples/minimal.yaml --trace samples/traces/nasa-http-1995/requests_per_minute.csv --start-phase Medium --median-rps 2500 --report target/simulate/demo-report.html

demo:
	MVN="$(MVN)" bin/simulate $(DEMO_ARGS)

clean:
	$(MVN) clean
