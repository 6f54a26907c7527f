{{/* Environment specific to one service. Call with (dict "root" $ "key" "apiGateway"). */}}
{{- define "devflow.serviceEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- if eq .key "apiGateway" }}
{{ include "devflow.secretEnv" (dict "env" "DEVFLOW_JWT_PRIVATE_KEY" "secret" $v.secrets.jwt.existingSecret "key" $v.secrets.jwt.privateKeyKey) }}
- name: KNOWLEDGE_HUB_URL
  value: {{ include "devflow.url" (dict "root" $root "key" "knowledgeHub") }}
- name: WORKFLOW_ENGINE_URL
  value: {{ include "devflow.url" (dict "root" $root "key" "workflowEngine") }}
- name: INTEGRATION_SERVICES_URL
  value: {{ include "devflow.url" (dict "root" $root "key" "integrationServices") }}
- name: MCP_GATEWAY_URL
  value: {{ include "devflow.url" (dict "root" $root "key" "mcpGateway") }}
{{- if $v.migrations.enabled }}
# The pre-install/pre-upgrade Job migrated the control schema already.
- name: QUARKUS_FLYWAY_OWNER_MIGRATE_AT_START
  value: "false"
{{- end }}
{{- else if eq .key "knowledgeHub" }}
- name: DEVFLOW_KNOWLEDGE_HUB_DATA_DIR
  value: /var/lib/devflow/knowledge
- name: QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY
  value: /tmp/uploads
{{- if $v.qdrant.url }}
- name: QDRANT_URL
  value: {{ $v.qdrant.url | quote }}
- name: QDRANT_GRPC_PORT
  value: {{ $v.qdrant.grpcPort | quote }}
{{- if $v.secrets.qdrant.existingSecret }}
{{ include "devflow.secretEnv" (dict "env" "QDRANT_API_KEY" "secret" $v.secrets.qdrant.existingSecret "key" $v.secrets.qdrant.key) }}
{{- end }}
{{- end }}
{{ include "devflow.aosentryEnv" $root }}
{{- else if eq .key "workflowEngine" }}
- name: DEVFLOW_WORKFLOW_ENGINE_WORKTREES_ROOT
  value: /var/lib/devflow/worktrees
# git and tmux write under $HOME; the root filesystem is read-only.
- name: HOME
  value: /tmp
- name: MCP_GATEWAY_URL
  value: {{ include "devflow.url" (dict "root" $root "key" "mcpGateway") }}/mcp
{{ include "devflow.aosentryEnv" $root }}
{{- else if eq .key "mcpGateway" }}
- name: KNOWLEDGE_HUB_URL
  value: {{ include "devflow.url" (dict "root" $root "key" "knowledgeHub") }}
- name: WORKFLOW_ENGINE_URL
  value: {{ include "devflow.url" (dict "root" $root "key" "workflowEngine") }}
{{- else if eq .key "integrationServices" }}
{{ include "devflow.secretEnv" (dict "env" "SECRET_ENCRYPTION_KEY" "secret" $v.secrets.encryption.existingSecret "key" $v.secrets.encryption.key) }}
# Background sync calls the services as the tenant, with a token it signs like the gateway.
{{ include "devflow.secretEnv" (dict "env" "DEVFLOW_JWT_PRIVATE_KEY" "secret" $v.secrets.jwt.existingSecret "key" $v.secrets.jwt.privateKeyKey) }}
- name: KNOWLEDGE_HUB_URL
  value: {{ include "devflow.url" (dict "root" $root "key" "knowledgeHub") }}
- name: WORKFLOW_ENGINE_URL
  value: {{ include "devflow.url" (dict "root" $root "key" "workflowEngine") }}
{{- if $v.ingress.host }}
# Where OAuth providers redirect browsers back to and webhooks are addressed.
- name: DEVFLOW_PUBLIC_URL
  value: {{ printf "%s://%s" (ternary "https" "http" (not (empty $v.ingress.tlsSecretName))) $v.ingress.host | quote }}
{{- end }}
{{- if $v.secrets.oauth.existingSecret }}
{{- range list "ATLASSIAN_CLIENT_ID" "ATLASSIAN_CLIENT_SECRET" "GITHUB_CLIENT_ID" "GITHUB_CLIENT_SECRET" }}
{{ include "devflow.secretEnv" (dict "env" . "secret" $v.secrets.oauth.existingSecret "key" . "optional" true) }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Writable volumes on a read-only root filesystem: /tmp everywhere, plus the service's data. */}}
{{- define "devflow.dataDir" -}}
{{- if eq . "knowledgeHub" -}}/var/lib/devflow/knowledge
{{- else if eq . "workflowEngine" -}}/var/lib/devflow/worktrees
{{- end -}}
{{- end -}}
