{{/* The five services: chart key -> name, port, whether they use PostgreSQL. */}}
{{- define "devflow.services" -}}
apiGateway: {name: api-gateway, port: 8080, database: true}
knowledgeHub: {name: knowledge-hub, port: 8282, database: true}
workflowEngine: {name: workflow-engine, port: 8181, database: true}
mcpGateway: {name: mcp-gateway, port: 8051, database: false}
integrationServices: {name: integration-services, port: 8383, database: true}
{{- end -}}

{{/* <release>-<service>, at most 63 characters. Call with (dict "root" $ "name" "api-gateway"). */}}
{{- define "devflow.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "devflow.url" -}}
{{- $s := index (fromYaml (include "devflow.services" .root)) .key -}}
http://{{ include "devflow.fullname" (dict "root" .root "name" $s.name) }}:{{ $s.port }}
{{- end -}}

{{- define "devflow.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "devflow.labels" -}}
{{ include "devflow.selectorLabels" . }}
app.kubernetes.io/part-of: devflow
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Labels every DevFlow pod of this release carries (NetworkPolicy selectors). */}}
{{- define "devflow.releaseSelector" -}}
app.kubernetes.io/part-of: devflow
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "devflow.image" -}}
{{- $tag := .root.Values.global.image.tag | default .root.Chart.AppVersion -}}
{{ .root.Values.global.image.registry }}/devflow/{{ .name }}:{{ $tag }}
{{- end -}}

{{- define "devflow.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/* Environment shared by every service container (and the migration Job). */}}
{{- define "devflow.commonEnv" -}}
{{- $v := .root.Values -}}
- name: DEVFLOW_MODE
  value: {{ $v.global.mode | quote }}
- name: LOG_LEVEL
  value: {{ $v.global.logLevel | quote }}
- name: DEVFLOW_LOG_FORMAT
  value: json
{{- if $v.global.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $v.global.otlpEndpoint | quote }}
{{- else }}
- name: OTEL_SDK_DISABLED
  value: "true"
{{- end }}
{{ include "devflow.secretEnv" (dict "env" "DEVFLOW_JWT_PUBLIC_KEY" "secret" $v.secrets.jwt.existingSecret "key" $v.secrets.jwt.publicKeyKey) }}
{{- if .database }}
{{ include "devflow.secretEnv" (dict "env" "DATABASE_URL" "secret" $v.secrets.database.existingSecret "key" $v.secrets.database.key) }}
{{- end }}
{{- end -}}

{{- define "devflow.aosentryEnv" -}}
{{- $v := .Values -}}
- name: AOSENTRY_BASE_URL
  value: {{ $v.aosentry.baseUrl | quote }}
{{- if $v.secrets.aosentry.existingSecret }}
{{ include "devflow.secretEnv" (dict "env" "AOSENTRY_API_KEY" "secret" $v.secrets.aosentry.existingSecret "key" $v.secrets.aosentry.key) }}
{{- end }}
{{- end -}}

{{/* Hardened container security context (also used by the migration Job). */}}
{{- define "devflow.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 185
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "devflow.podSecurity" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
fsGroup: 185
seccompProfile:
  type: RuntimeDefault
{{- end -}}
