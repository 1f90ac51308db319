{{/*
Names, labels and small shared pieces. Components: registry, feature-store, inference, monitor.
*/}}

{{- define "rtml.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name: the release name, plus the chart name unless the release name contains it. */}}
{{- define "rtml.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of a component's objects. Call with (dict "root" $ "component" "registry"). */}}
{{- define "rtml.componentName" -}}
{{- printf "%s-%s" (include "rtml.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Values key of a component: feature-store -> featureStore. */}}
{{- define "rtml.valuesKey" -}}
{{- camelcase (replace "-" "_" .) | untitle -}}
{{- end -}}

{{/* Values of a component. Call with (dict "root" $ "component" "feature-store"); returns YAML, use with fromYaml. */}}
{{- define "rtml.componentValues" -}}
{{- toYaml (index .root.Values (include "rtml.valuesKey" .component)) -}}
{{- end -}}

{{- define "rtml.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rtml.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Labels of every object. Call with (dict "root" $ "component" "registry"). */}}
{{- define "rtml.labels" -}}
{{ include "rtml.selectorLabels" . }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: rtml
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The slot that is not active. */}}
{{- define "rtml.previewSlot" -}}
{{- if eq .Values.inference.activeSlot "blue" -}}green{{- else -}}blue{{- end -}}
{{- end -}}

{{- define "rtml.serviceAccountName" -}}
{{- $values := fromYaml (include "rtml.componentValues" .) -}}
{{- if $values.serviceAccount.create -}}
{{- default (include "rtml.componentName" .) $values.serviceAccount.name -}}
{{- else -}}
{{- default "default" $values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image reference. Call with (dict "root" $ "repository" "rtml/x" "tag" "1.0"). */}}
{{- define "rtml.image" -}}
{{- $tag := default .root.Chart.AppVersion .tag -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "rtml.postgresqlSecretName" -}}
{{- default (printf "%s-postgresql" (include "rtml.fullname" .)) .Values.postgresql.auth.existingSecret -}}
{{- end -}}

{{/* Reactive and JDBC URLs of a database. Call with (dict "root" $ "database" "rtml_registry"). */}}
{{- define "rtml.postgresqlEnv" -}}
{{- $pg := .root.Values.postgresql -}}
{{- $query := ternary "" (printf "?sslmode=%s" $pg.sslMode) (empty $pg.sslMode) -}}
QUARKUS_DATASOURCE_REACTIVE_URL: {{ printf "postgresql://%s:%v/%s%s" $pg.host $pg.port .database $query | quote }}
QUARKUS_DATASOURCE_JDBC_URL: {{ printf "jdbc:postgresql://%s:%v/%s%s" $pg.host $pg.port .database $query | quote }}
{{- end -}}

{{/* Settings every service's ConfigMap carries. Call with (dict "root" $ "values" $componentValues). */}}
{{- define "rtml.commonEnv" -}}
QUARKUS_HTTP_PORT: "8080"
QUARKUS_SHUTDOWN_TIMEOUT: {{ .values.shutdownTimeout | quote }}
KAFKA_BOOTSTRAP_SERVERS: {{ .root.Values.kafka.bootstrapServers | quote }}
KAFKA_SECURITY_PROTOCOL: {{ .root.Values.kafka.securityProtocol | quote }}
{{- if hasPrefix "SASL_" .root.Values.kafka.securityProtocol }}
KAFKA_SASL_MECHANISM: {{ .root.Values.kafka.sasl.mechanism | quote }}
{{- end }}
{{- range $key, $value := .values.config }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{- define "rtml.serviceUrl" -}}
{{- printf "http://%s:8080" (include "rtml.componentName" .) -}}
{{- end -}}

{{/* Checksum of a rendered template, for pod annotations that roll the Pods when it changes. */}}
{{- define "rtml.checksum" -}}
{{- include (print .root.Template.BasePath "/" .file) .root | sha256sum -}}
{{- end -}}

{{/* Fails the render when both a HorizontalPodAutoscaler and a KEDA ScaledObject would scale one Deployment. */}}
{{- define "rtml.validate" -}}
{{- range $key := list "inference" "monitor" -}}
{{- $values := index $.Values $key -}}
{{- if and $values.autoscaling.enabled $values.keda.enabled -}}
{{- fail (printf "%s.autoscaling.enabled and %s.keda.enabled are both true: a Deployment is scaled by a HorizontalPodAutoscaler or by a KEDA ScaledObject, never both" $key $key) -}}
{{- end -}}
{{- end -}}
{{- $active := index .Values.inference.slots .Values.inference.activeSlot -}}
{{- if lt (int $active.replicas) 1 -}}
{{- fail (printf "inference.activeSlot is %s but inference.slots.%s.replicas is 0: the active Service would have no Pods" .Values.inference.activeSlot .Values.inference.activeSlot) -}}
{{- end -}}
{{- $route := .Values.inference.httpRoute -}}
{{- if and (or $route.canary.enabled $route.mirror.enabled) (not $route.enabled) -}}
{{- fail "inference.httpRoute.canary and inference.httpRoute.mirror need inference.httpRoute.enabled" -}}
{{- end -}}
{{- $preview := index .Values.inference.slots (include "rtml.previewSlot" .) -}}
{{- if and (or $route.canary.enabled $route.mirror.enabled) (lt (int $preview.replicas) 1) -}}
{{- fail (printf "inference.httpRoute canary or mirror sends traffic to the preview slot %s, which has 0 replicas" (include "rtml.previewSlot" .)) -}}
{{- end -}}
{{- if and (hasPrefix "SASL_" .Values.kafka.securityProtocol) (empty .Values.kafka.sasl.existingSecret) -}}
{{- fail "kafka.securityProtocol is SASL_* but kafka.sasl.existingSecret is empty" -}}
{{- end -}}
{{- include "rtml.validateAuth" . -}}
{{- end -}}

{{/*
Fails the render when a value authentication cannot do without is empty, naming every one that is missing. Like the
database password the chart cannot make these up: without them every service would refuse every request.
*/}}
{{- define "rtml.validateAuth" -}}
{{- $auth := .Values.auth -}}
{{- $missing := list -}}
{{- if empty $auth.issuer -}}
{{- $missing = append $missing "auth.issuer is empty: set the token issuer the services accept, exactly as in the tokens' iss claim (e.g. https://kc.example/realms/rtml)" -}}
{{- end -}}
{{- if empty $auth.jwksUrl -}}
{{- $missing = append $missing "auth.jwksUrl is empty: set the URL of the issuer's public keys (Keycloak: <issuer>/protocol/openid-connect/certs, Dex: <issuer>/keys)" -}}
{{- end -}}
{{- if empty $auth.serviceToken.existingSecret -}}
{{- $missing = append $missing "auth.serviceToken.existingSecret is empty: create a Secret holding the bearer token (role service) the services send to each other and name it here; the chart never renders a service token" -}}
{{- end -}}
{{- with $missing -}}
{{- fail (printf "%s; see docs/operations.md, section Authentication" (join "; " .)) -}}
{{- end -}}
{{- end -}}

{{/* Directory the service token Secret is mounted at; the token is the file named by auth.serviceToken.key in it. */}}
{{- define "rtml.serviceTokenDir" -}}
/var/run/secrets/rtml/service-token
{{- end -}}

{{/* Authentication settings of every service container (EnvVar list). */}}
{{- define "rtml.authEnv" -}}
{{- $auth := .Values.auth -}}
- name: RTML_AUTH_ISSUER
  value: {{ $auth.issuer | quote }}
- name: RTML_AUTH_JWKS_URL
  value: {{ $auth.jwksUrl | quote }}
- name: RTML_AUTH_AUDIENCE
  value: {{ $auth.audience | quote }}
- name: RTML_AUTH_SERVICE_TOKEN_FILE
  value: {{ printf "%s/%s" (include "rtml.serviceTokenDir" .) $auth.serviceToken.key | quote }}
{{- end -}}

{{/*
Volume of the service token Secret. Mounted as a directory, never with subPath: the kubelet then swaps the file in
place when the Secret changes, and the services re-read it without a restart.
*/}}
{{- define "rtml.serviceTokenVolume" -}}
- name: service-token
  secret:
    secretName: {{ .secret }}
    items:
      - key: {{ .key }}
        path: {{ .key }}
{{- end -}}

{{/*
metadata block of an object. Call with (dict "root" $ "component" c) plus optional
"name" (default: the component name, with "-<slot>" when a slot is given), "slot", "labels" and "annotations".
*/}}
{{- define "rtml.metadata" -}}
{{- $name := default (include "rtml.componentName" .) .name -}}
{{- if and .slot (not .name) }}{{ $name = printf "%s-%s" $name .slot }}{{ end -}}
metadata:
  name: {{ $name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "rtml.labels" . | nindent 4 }}
    {{- with .slot }}
    slot: {{ . }}
    {{- end }}
    {{- with .labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* A Service on port 8080. Call with (dict "root" $ "component" c) plus optional "name", "slot", "labels", "annotations", "type", and "extraPorts" (list of name + port, each targeting the container port of that name). */}}
{{- define "rtml.service" -}}
apiVersion: v1
kind: Service
{{ include "rtml.metadata" (omit . "slot") }}
spec:
  type: {{ default "ClusterIP" .type }}
  selector:
    {{- include "rtml.selectorLabels" . | nindent 4 }}
    {{- with .slot }}
    slot: {{ . }}
    {{- end }}
  ports:
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
    {{- range .extraPorts }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
      protocol: TCP
    {{- end }}
{{- end -}}
