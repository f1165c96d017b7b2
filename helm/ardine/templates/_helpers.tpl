{{/* Names ------------------------------------------------------------------------------------------ */}}
{{- define "ardine.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ardine.fullname" -}}
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

{{/* "<fullname>-<component>", at most 63 characters. Call with (list $ "component"). */}}
{{- define "ardine.component" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "ardine.fullname" $root | trunc 50 | trimSuffix "-") (index . 1) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ardine.labels" -}}
{{- $root := index . 0 -}}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
app.kubernetes.io/part-of: ardine
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
{{ include "ardine.selectorLabels" . }}
{{- end }}

{{- define "ardine.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "ardine.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "ardine.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ardine.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* An Ardine image. Call with (list $ .Values.backend.image). */}}
{{- define "ardine.image" -}}
{{- $root := index . 0 -}}
{{- $image := index . 1 -}}
{{- printf "%s%s:%s" $root.Values.image.registry $image.repository (default (default $root.Chart.AppVersion $root.Values.image.tag) $image.tag) }}
{{- end }}

{{- define "ardine.secretName" -}}
{{- default (include "ardine.component" (list . "secrets")) .Values.secrets.existingSecret }}
{{- end }}

{{/* MinIO's root credentials: a Secret the app's pods never reference (only MinIO and the bucket Job). */}}
{{- define "ardine.minioRootSecretName" -}}
{{- default (include "ardine.component" (list . "minio-root")) .Values.minio.auth.existingSecret }}
{{- end }}

{{/* Security ---------------------------------------------------------------------------------------- */}}
{{/* Pod level. Call with (dict "uid" 1000 "gid" 1000). */}}
{{- define "ardine.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .gid }}
fsGroup: {{ .gid }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container level: the same for every container of the chart. */}}
{{- define "ardine.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Rolling pods when configuration changes -------------------------------------------------------- */}}
{{- define "ardine.checksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if .Values.secrets.existingSecret }}
checksum/secret: {{ .Values.secrets.existingSecret | sha256sum }}
{{- else }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end }}

{{/* Addresses ---------------------------------------------------------------------------------------- */}}
{{- define "ardine.databaseUrl" -}}
{{- if .Values.postgresql.managed }}
{{- .Values.postgresql.external.url }}
{{- else }}
{{- printf "postgres://%s:%s@%s:5432/%s" .Values.postgresql.auth.username (.Values.postgresql.auth.password | urlquery) (include "ardine.component" (list . "postgresql")) .Values.postgresql.auth.database }}
{{- end }}
{{- end }}

{{- define "ardine.redisUrl" -}}
{{- if .Values.redis.managed }}
{{- .Values.redis.external.url }}
{{- else }}
{{- printf "redis://:%s@%s:6379" (.Values.redis.auth.password | urlquery) (include "ardine.component" (list . "redis")) }}
{{- end }}
{{- end }}

{{- define "ardine.s3Endpoint" -}}
{{- if .Values.minio.managed }}
{{- .Values.minio.external.endpoint }}
{{- else }}
{{- printf "http://%s:9000" (include "ardine.component" (list . "minio")) }}
{{- end }}
{{- end }}

{{- define "ardine.clamavHost" -}}
{{- if .Values.clamav.enabled }}
{{- include "ardine.component" (list . "clamav") }}
{{- else }}
{{- .Values.clamav.host }}
{{- end }}
{{- end }}

{{- define "ardine.otelEndpoint" -}}
{{- if .Values.otelCollector.enabled }}
{{- printf "http://%s:4318" (include "ardine.component" (list . "otel-collector")) }}
{{- else }}
{{- .Values.otelCollector.endpoint }}
{{- end }}
{{- end }}

{{/* Common pod pieces ------------------------------------------------------------------------------ */}}
{{- define "ardine.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/* The application's environment: the ConfigMap, then the Secret. */}}
{{- define "ardine.appEnvFrom" -}}
- configMapRef:
    name: {{ include "ardine.component" (list . "config") }}
- secretRef:
    name: {{ include "ardine.secretName" . }}
{{- end }}

{{/* Extra NAME: value pairs as env entries. Call with a map. */}}
{{- define "ardine.extraEnv" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}
