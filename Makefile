# AppStack Operator. `make test` runs every test; `make run` runs the operator against the current kube context.
MVN ?= ./mvnw -B
CRD := appstacks.appstack.io-v1.yml
# Container engine and image for `make image` (not run in CI: it needs docker or podman).
CONTAINER_ENGINE ?= docker
IMAGE ?= appstack/appstack-operator:0.1.0

.PHONY: test run build crds demo clean image argocd-cm

test:
	$(MVN) test

build:
	$(MVN) package -DskipTests

run:
	$(MVN) quarkus:dev -Dquarkus.operator-sdk.crd.apply=true

# Regenerates the CRD from the Java model into crds/ and the chart, and keeps the manifests Quarkus Operator
# SDK generates (RBAC derived from the controller) for the chart's RBAC test. Tests fail when they drift.
crds: build
	cp target/kubernetes/$(CRD) crds/$(CRD)
	cp target/kubernetes/$(CRD) helm-chart/appstack-operator/crds/$(CRD)
	cp target/kubernetes/kubernetes.yml src/test/resources/qosdk/kubernetes.yml

# Builds the operator's JVM image from the Dockerfile. Needs a container engine (docker or podman).
image: build
	$(CONTAINER_ENGINE) build -t $(IMAGE) .

# Embeds deploy/argocd/health.lua into the argocd-cm snippet (a test checks they match).
argocd-cm:
	{ cat deploy/argocd/argocd-cm-health.yaml.in; sed 's/^\(.\)/    \1/' deploy/argocd/health.lua; } \
	  > deploy/argocd/argocd-cm-health.yaml

clean:
	$(MVN) clean
