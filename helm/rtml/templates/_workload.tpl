{{/*
Deployment of one rtml service. Call with a dict:
  root       the top context ($)
  component  registry | feature-store | inference | monitor
  slot       blue | green for inference, "" otherwise
  scaled     true when a HorizontalPodAutoscaler or ScaledObject owns the replica count
  replicas   replica count when not scaled
  image      full image reference
  configFile ConfigMap template whose checksum rolls the Pods
  env        YAML list of extra EnvVar objects (secrets, slot settings), may be empty
  gpu        true to schedule on the GPU node pool
  extraPorts list of ContainerPort objects besides http (inference's grpc), may be absent
*/}}
{{- define "rtml.deployment" -}}
{{- $root := .root -}}
{{- $values := fromYaml (include "rtml.componentValues" .) -}}
apiVersion: apps/v1
kind: Deployment
{{ include "rtml.metadata" . }}
spec:
  {{- if not .scaled }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "rtml.selectorLabels" . | nindent 6 }}
      {{- with .slot }}
      slot: {{ . }}
      {{- end }}
  template:
    metadata:
      labels:
        {{- include "rtml.selectorLabels" . | nindent 8 }}
        {{- with .slot }}
        slot: {{ . }}
        {{- end }}
        {{- with $values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "rtml.checksum" (dict "root" $root "file" .configFile) }}
        {{- if and $values.database (empty $root.Values.postgresql.auth.existingSecret) }}
        checksum/secret: {{ include "rtml.checksum" (dict "root" $root "file" "020-Secret-postgresql.yaml") }}
        {{- end }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "rtml.serviceAccountName" . }}
      automountServiceAccountToken: false
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      {{- with $values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with $values.runtimeClassName }}
      runtimeClassName: {{ . }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ .image }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            {{- with .extraPorts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "rtml.componentName" . }}
          {{- $env := list (include "rtml.kafkaSaslEnv" $root) (include "rtml.authEnv" $root) .env (ternary "" (toYaml $values.extraEnv) (empty $values.extraEnv)) | compact | join "\n" }}
          {{- with $env }}
          env:
            {{- . | nindent 12 }}
          {{- end }}
          startupProbe:
            httpGet:
              path: /q/health/started
              port: http
            periodSeconds: {{ $values.probes.startup.periodSeconds }}
            failureThreshold: {{ $values.probes.startup.failureThreshold }}
            timeoutSeconds: 3
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: http
            periodSeconds: {{ $values.probes.readiness.periodSeconds }}
            failureThreshold: {{ $values.probes.readiness.failureThreshold }}
            timeoutSeconds: 3
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: http
            periodSeconds: {{ $values.probes.liveness.periodSeconds }}
            failureThreshold: {{ $values.probes.liveness.failureThreshold }}
            timeoutSeconds: 3
          lifecycle:
            preStop:
              sleep:
                seconds: {{ $root.Values.preStopSleepSeconds }}
          {{- $resources := deepCopy $values.resources }}
          {{- if .gpu }}
          {{- $limits := merge (dict $values.gpu.resourceName $values.gpu.count) (default (dict) $resources.limits) }}
          {{- $_ := set $resources "limits" $limits }}
          {{- end }}
          {{- with $resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with $root.Values.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            - name: service-token
              mountPath: {{ include "rtml.serviceTokenDir" $root }}
              readOnly: true
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $values.tmpSizeLimit }}
        {{- include "rtml.serviceTokenVolume" (dict "secret" $root.Values.auth.serviceToken.existingSecret "key" $root.Values.auth.serviceToken.key) | nindent 8 }}
      {{- include "rtml.scheduling" (dict "values" $values "gpu" .gpu) | nindent 6 }}
{{- end -}}

{{/*
nodeSelector, affinity, tolerations and spread of a Pod. With gpu, the nvidia.com/gpu toleration is always added
(AKS does not add it) and every required node selector term also asks for a nvidia.com/gpu.product node.
*/}}
{{- define "rtml.scheduling" -}}
{{- $values := .values -}}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $affinity := deepCopy (default (dict) $values.affinity) -}}
{{- if .gpu -}}
{{- $gpuTerm := dict "key" "nvidia.com/gpu.product" "operator" "Exists" -}}
{{- with $values.gpu.products -}}
{{- $gpuTerm = dict "key" "nvidia.com/gpu.product" "operator" "In" "values" . -}}
{{- end -}}
{{- $nodeAffinity := default (dict) $affinity.nodeAffinity -}}
{{- $required := default (dict) (index $nodeAffinity "requiredDuringSchedulingIgnoredDuringExecution") -}}
{{- $terms := list -}}
{{- range (default (list (dict)) $required.nodeSelectorTerms) -}}
{{- $term := deepCopy . -}}
{{- $_ := set $term "matchExpressions" (append (default (list) $term.matchExpressions) $gpuTerm) -}}
{{- $terms = append $terms $term -}}
{{- end -}}
{{- $_ := set $required "nodeSelectorTerms" $terms -}}
{{- $_ := set $nodeAffinity "requiredDuringSchedulingIgnoredDuringExecution" $required -}}
{{- $_ := set $affinity "nodeAffinity" $nodeAffinity -}}
{{- end -}}
{{- with $affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $tolerations := default (list) $values.tolerations -}}
{{- if .gpu -}}
{{- $tolerations = append $tolerations (dict "key" $values.gpu.resourceName "operator" "Exists" "effect" "NoSchedule") -}}
{{- end -}}
{{- with $tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* SASL credentials from kafka.sasl.existingSecret; KAFKA_SASL_JAAS_CONFIG expands them with $(VAR). */}}
{{- define "rtml.kafkaSaslEnv" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol -}}
{{- $sasl := .Values.kafka.sasl -}}
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $sasl.mechanism "PLAIN") -}}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $sasl.existingSecret }}
      key: {{ $sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $sasl.existingSecret }}
      key: {{ $sasl.passwordKey }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"$(KAFKA_SASL_USERNAME)\" password=\"$(KAFKA_SASL_PASSWORD)\";" $module | quote }}
{{- end -}}
{{- end -}}

{{/* Database credentials for services with a database. */}}
{{- define "rtml.postgresqlCredentialsEnv" -}}
{{- $auth := .Values.postgresql.auth -}}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "rtml.postgresqlSecretName" . }}
      key: {{ $auth.usernameKey }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "rtml.postgresqlSecretName" . }}
      key: {{ $auth.passwordKey }}
{{- end -}}

{{/*
HorizontalPodAutoscaler for one Deployment. Call with (dict "root" $ "component" c "slot" s).
*/}}
{{- define "rtml.hpa" -}}
{{- $values := fromYaml (include "rtml.componentValues" .) -}}
{{- $scaling := $values.autoscaling -}}
{{- $name := include "rtml.componentName" . -}}
{{- if .slot }}{{ $name = printf "%s-%s" $name .slot }}{{ end -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
{{ include "rtml.metadata" . }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ $scaling.minReplicas }}
  maxReplicas: {{ $scaling.maxReplicas }}
  metrics:
    {{- if gt (int $scaling.targetCPUUtilizationPercentage) 0 }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $scaling.targetCPUUtilizationPercentage }}
    {{- end }}
    {{- if and $scaling.inFlight $scaling.inFlight.enabled }}
    - type: Pods
      pods:
        metric:
          name: rtml_inference_in_flight
        target:
          type: AverageValue
          averageValue: {{ $scaling.inFlight.targetAverageValue | quote }}
    {{- end }}
    {{- with $scaling.metrics }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: {{ $scaling.scaleDownStabilizationWindowSeconds }}
      policies:
        - type: Percent
          value: 50
          periodSeconds: 60
    scaleUp:
      stabilizationWindowSeconds: 0
      policies:
        - type: Percent
          value: 100
          periodSeconds: 30
        - type: Pods
          value: 4
          periodSeconds: 30
      selectPolicy: Max
{{- end -}}
