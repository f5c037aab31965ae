/* eslint-disable security/detect-non-literal-fs-filename -- certificate files named by the operator's settings */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { AuditConfig } from '../audit.config';
import type { AuditSource } from '../format/dicom-audit-message';
import { LogOnlySink, type AuditSink } from './audit-sink';
import { FhirAuditSink } from './fhir.sink';
import { SyslogTlsSink } from './syslog-tls.sink';

/** DI token of the configured sink. */
export const AUDIT_SINK = Symbol('AUDIT_SINK');

const CONNECT_TIMEOUT_MS = 5_000;

export function auditSource(): AuditSource {
  return { sourceId: hostname() };
}

const pem = (file: string): Buffer | undefined => (file ? readFileSync(file) : undefined);

/** The sink AUDIT_SINK names; a sink missing its address is a configuration error at boot. */
export function createAuditSink(cfg: AuditConfig): AuditSink {
  switch (cfg.AUDIT_SINK) {
    case 'syslog-tls': {
      if (!cfg.AUDIT_SYSLOG_ADDRESS) throw new Error('AUDIT_SINK=syslog-tls needs AUDIT_SYSLOG_ADDRESS (host:port)');
      const at = cfg.AUDIT_SYSLOG_ADDRESS.lastIndexOf(':');
      return new SyslogTlsSink({
        host: cfg.AUDIT_SYSLOG_ADDRESS.slice(0, at),
        port: Number(cfg.AUDIT_SYSLOG_ADDRESS.slice(at + 1)),
        tls: { ca: pem(cfg.AUDIT_SYSLOG_CA_FILE), cert: pem(cfg.AUDIT_SYSLOG_CERT_FILE), key: pem(cfg.AUDIT_SYSLOG_KEY_FILE) },
        confirmMs: cfg.AUDIT_SYSLOG_CONFIRM_MS,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        source: auditSource(),
      });
    }
    case 'fhir':
      if (!cfg.AUDIT_FHIR_URL) throw new Error('AUDIT_SINK=fhir needs AUDIT_FHIR_URL');
      return new FhirAuditSink(cfg.AUDIT_FHIR_URL, auditSource(), CONNECT_TIMEOUT_MS);
    default:
      return new LogOnlySink();
  }
}
