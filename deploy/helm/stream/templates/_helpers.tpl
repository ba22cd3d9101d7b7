{{/* Common labels. */}}
{{- define "stream.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Kafka and OpenTelemetry environment, shared by the predictor and the ingest Job. */}}
{{- define "stream.commonEnv" -}}
- name: Kafka__bootstrap.servers
  value: {{ .Values.kafka.bootstrapServers | quote }}
{{- range $name, $value := .Values.kafka.config }}
- name: Kafka__{{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- if .Values.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .Values.otel.endpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ .Values.otel.protocol | quote }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "%s,k8s.namespace.name=%s" .Values.otel.resourceAttributes .Release.Namespace | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ .Values.otel.tracesSampler | quote }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ .Values.otel.tracesSamplerArg | quote }}
{{- end }}
{{- end -}}

{{/* SASL/TLS settings from a Secret, as environment variables. */}}
{{- define "stream.kafkaSecret" -}}
{{- if .Values.kafka.existingSecret }}
envFrom:
  - secretRef:
      name: {{ .Values.kafka.existingSecret }}
{{- end }}
{{- end -}}
