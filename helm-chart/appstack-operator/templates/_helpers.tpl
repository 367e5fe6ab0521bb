{{/* Name of the chart, or nameOverride. */}}
{{- define "appstack-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every object's name: <release>-<chart>, shortened to 63 characters. */}}
{{- define "appstack-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "appstack-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "appstack-operator.labels" -}}
helm.sh/chart: {{ include "appstack-operator.chart" . }}
{{ include "appstack-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the operator's pods; never change them (Deployment selectors are immutable). */}}
{{- define "appstack-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "appstack-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "appstack-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "appstack-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "appstack-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The namespaces the controller watches, as Quarkus Operator SDK reads them from
QUARKUS_OPERATOR_SDK_CONTROLLERS_APPSTACK_NAMESPACES ("appstack" is the controller's name):
a comma-separated list, or JOSDK_ALL_NAMESPACES.
*/}}
{{- define "appstack-operator.watchedNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- join "," .Values.watchNamespaces }}
{{- else }}
{{- print "JOSDK_ALL_NAMESPACES" }}
{{- end }}
{{- end }}

{{/*
What the operator may do in a namespace it watches. Bound cluster-wide by a ClusterRole when
watchNamespaces is empty, otherwise by a Role in each watched namespace. Keep it in step with
src/test/java/io/appstack/operator/chart/RbacExpectations.java, which checks it against the rules
Quarkus Operator SDK derives from the controller and its dependents.
*/}}
{{- define "appstack-operator.rules" -}}
# The AppStack and its status (the rule Quarkus Operator SDK generates for the primary resource).
- apiGroups: ["appstack.io"]
  resources: ["appstacks", "appstacks/status", "appstacks/finalizers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Children the operator creates, updates and deletes: API, worker and PgBouncer Deployments, the data tier's
# StatefulSets (which make their own volumes: no PersistentVolumeClaim rights), Services, PodDisruptionBudgets,
# NetworkPolicies, and Secrets (connection settings, configuration, generated credentials; read by name to check
# the ones a spec names). No ConfigMaps: the operator uses none.
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services", "secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Redis cluster Jobs are created (server-side apply: patch) and deleted, never updated: a changed one is replaced.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# CloudNativePG's Cluster, Pooler and ScheduledBackup, for stacks whose primary is cloudNativePG (watched only once
# CloudNativePG is installed; the Cluster is never deleted by the operator: garbage collection does with Delete).
- apiGroups: ["postgresql.cnpg.io"]
  resources: ["clusters"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: ["postgresql.cnpg.io"]
  resources: ["poolers", "scheduledbackups"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# A PodMonitor per stack where the Prometheus Operator runs (watched only once its CRDs are served).
- apiGroups: ["monitoring.coreos.com"]
  resources: ["podmonitors"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# An Event for every scaling decision and problem.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/*
The job label of the operator's scrape target, which the alerts select its series by: prometheusRule.operatorJob,
or what the Prometheus Operator names the job of the chart's PodMonitor (<namespace>/<name>) or ServiceMonitor
(the Service's name).
*/}}
{{- define "appstack-operator.metricsJob" -}}
{{- if .Values.prometheusRule.operatorJob }}
{{- .Values.prometheusRule.operatorJob }}
{{- else if .Values.metrics.podMonitor.enabled }}
{{- printf "%s/%s" .Release.Namespace (include "appstack-operator.fullname" .) }}
{{- else if and .Values.metrics.enabled .Values.metrics.serviceMonitor.enabled }}
{{- printf "%s-metrics" (include "appstack-operator.fullname" .) }}
{{- else }}
{{- fail "prometheusRule.enabled needs the operator scraped: set metrics.serviceMonitor.enabled or metrics.podMonitor.enabled, or prometheusRule.operatorJob to the job label your Prometheus gives it" }}
{{- end }}
{{- end }}

{{/* Labels of an alert: its severity and prometheusRule.alertLabels (which cannot change the severity). */}}
{{- define "appstack-operator.alertLabels" -}}
{{- toYaml (merge (dict "severity" .severity) .extra) }}
{{- end }}

{{/* A map as key=value,key=value (sorted by key), for a setting that takes labels in one string. */}}
{{- define "appstack-operator.keyValues" -}}
{{- $pairs := list -}}
{{- range $k, $v := . -}}
{{- $pairs = append $pairs (printf "%s=%s" $k $v) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end }}
