import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { EnvConfig, Secret } from '@gw/config';

/** Audit settings. Property names are the environment variable names. */
@EnvConfig()
export class AuditConfig {
  /**
   * Key of the keyed hash (HMAC-SHA-256) that pseudonymises NHS numbers in audit records. Its own
   * secret, shared by every instance so one patient has one pseudonym; when unset a random key is
   * made per process (pseudonyms then change at each restart) and a warning is logged.
   */
  @Secret()
  @IsOptional()
  @IsString()
  @MinLength(16)
  AUDIT_PSEUDONYM_KEY?: string = undefined;

  /** How many recent audit records each process keeps in memory (diagnostics; the admin API reads the outbox). */
  @IsInt()
  @Min(0)
  @Max(100_000)
  AUDIT_RECENT_MAX: number = 1000;

  /**
   * Where audit records are shipped from the outbox: `syslog-tls` (DICOM audit messages over RFC 5424
   * syslog on TLS, RFC 5425: an ATNA Audit Record Repository or a SIEM's syslog listener), `fhir`
   * (IHE BALP AuditEvents POSTed to AUDIT_FHIR_URL) or `off` (the JSON log line is the only copy that
   * leaves the machine; the outbox keeps recent records for the admin view and reports no backlog).
   */
  @IsIn(['off', 'syslog-tls', 'fhir'])
  AUDIT_SINK: 'off' | 'syslog-tls' | 'fhir' = 'off';

  /** Syslog receiver as host:port (RFC 5425's port is 6514). Required with AUDIT_SINK=syslog-tls. */
  @ValidateIf((c: AuditConfig) => c.AUDIT_SINK === 'syslog-tls' || c.AUDIT_SYSLOG_ADDRESS !== undefined)
  @IsDefined({ message: 'is required with AUDIT_SINK=syslog-tls' })
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}$/, { message: 'must be host:port' })
  AUDIT_SYSLOG_ADDRESS?: string = undefined;

  /** PEM file of the CA that issued the receiver's certificate; empty = Node's default CA store. */
  @IsString()
  AUDIT_SYSLOG_CA_FILE = '';

  /** PEM file of the gateway's client certificate, for a receiver that authenticates senders (ATNA node authentication). */
  @IsString()
  AUDIT_SYSLOG_CERT_FILE = '';

  /** PEM file of the private key of AUDIT_SYSLOG_CERT_FILE. */
  @IsString()
  AUDIT_SYSLOG_KEY_FILE = '';

  /**
   * How long a connection must stay up after a record was written before the record counts as
   * delivered. Syslog over TLS has no acknowledgement: records written within this window before a
   * connection drops are sent again (duplicates, with the same id).
   */
  @IsInt()
  @Min(0)
  @Max(60_000)
  AUDIT_SYSLOG_CONFIRM_MS = 2_000;

  /** FHIR base URL (the AuditEvent endpoint is `<base>/AuditEvent`). Required with AUDIT_SINK=fhir. */
  @ValidateIf((c: AuditConfig) => c.AUDIT_SINK === 'fhir' || c.AUDIT_FHIR_URL !== undefined)
  @IsDefined({ message: 'is required with AUDIT_SINK=fhir' })
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  AUDIT_FHIR_URL?: string = undefined;

  /** Local append-only journal folder (the outbox without Redis); empty = `audit/` in the state folder. */
  @IsString()
  AUDIT_JOURNAL_DIR = '';

  /**
   * Most undelivered records the outbox holds. At the cap a new record is not queued: it is still
   * written to the JSON log, counted in gw_audit_outbox_overflow_total and logged as an error, and
   * /health/ready reports the audit backlog down.
   */
  @IsInt()
  @Min(100)
  @Max(10_000_000)
  AUDIT_OUTBOX_MAX_RECORDS = 100_000;

  /** Above this many undelivered records /health/ready reports the audit check down. */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  AUDIT_BACKLOG_READY_MAX = 10_000;

  /**
   * Records shipped per send. Over syslog one send takes at least AUDIT_SYSLOG_CONFIRM_MS, so this over
   * that window is the most records per second one instance delivers (500 per 2 s by default).
   */
  @IsInt()
  @Min(1)
  @Max(5_000)
  AUDIT_SEND_BATCH = 500;

  /** First retry delay after a failed send; doubles per failure up to AUDIT_SEND_MAX_BACKOFF_MS. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  AUDIT_SEND_MIN_BACKOFF_MS = 250;

  /** Longest retry delay: how long a returned sink may wait at most for the next attempt. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  AUDIT_SEND_MAX_BACKOFF_MS = 30_000;

  /**
   * Redis outbox: records another instance read but did not confirm within this time (it died) are
   * taken over and sent by this one.
   */
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  AUDIT_SEND_LEASE_MS = 60_000;
}
