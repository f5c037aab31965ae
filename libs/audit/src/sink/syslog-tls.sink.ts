import { isIP } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { AuditRecord } from '../audit-event';
import { dicomAuditMessage, type AuditSource } from '../format/dicom-audit-message';
import { octetCounted, syslogMessage } from '../format/syslog-frame';
import type { AuditSink } from './audit-sink';

export interface SyslogTlsOptions {
  host: string;
  port: number;
  tls: Pick<ConnectionOptions, 'ca' | 'cert' | 'key'>;
  /** See AUDIT_SYSLOG_CONFIRM_MS. */
  confirmMs: number;
  connectTimeoutMs: number;
  source: AuditSource;
}

/**
 * DICOM audit messages over RFC 5424 syslog on TLS (RFC 5425, octet-counted frames), the ATNA
 * Record Audit Event transport (ITI-20). The receiver's certificate is verified (its name and CA).
 * Syslog has no acknowledgement, so a batch counts as delivered only when the connection is still
 * up `confirmMs` after the batch was handed to TCP: a receiver that stops closes its connections,
 * and everything written in that window is sent again.
 */
export class SyslogTlsSink implements AuditSink {
  readonly name = 'syslog-tls' as const;
  private socket?: TLSSocket;
  private closed = new Set<TLSSocket>();

  constructor(private readonly opts: SyslogTlsOptions) {}

  async send(records: AuditRecord[]): Promise<void> {
    const socket = await this.connection();
    const frames = Buffer.concat(
      records.map((r) => octetCounted(syslogMessage(r, this.opts.source.sourceId, dicomAuditMessage(r, this.opts.source)))),
    );
    await new Promise<void>((resolve, reject) => socket.write(frames, (err) => (err ? reject(err) : resolve())));
    await this.confirm(socket);
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
    return Promise.resolve();
  }

  private confirm(socket: TLSSocket): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed.has(socket)) return reject(new Error('syslog connection closed'));
      const onClose = () => {
        clearTimeout(timer);
        reject(new Error('syslog connection closed before the batch was confirmed'));
      };
      const timer = setTimeout(() => {
        socket.off('close', onClose);
        if (this.closed.has(socket)) reject(new Error('syslog connection closed'));
        else resolve();
      }, this.opts.confirmMs);
      socket.once('close', onClose);
    });
  }

  private connection(): Promise<TLSSocket> {
    if (this.socket && !this.closed.has(this.socket)) return Promise.resolve(this.socket);
    return new Promise((resolve, reject) => {
      // An IP address is checked against the certificate's IP SANs; SNI carries host names only.
      const servername = isIP(this.opts.host) ? undefined : this.opts.host;
      const socket = connect({ host: this.opts.host, port: this.opts.port, servername, ...this.opts.tls });
      const timer = setTimeout(() => socket.destroy(new Error('syslog connect timeout')), this.opts.connectTimeoutMs);
      socket.setKeepAlive(true, 10_000);
      // The receiver never writes to us: anything it sends (or its end of stream) is read and dropped.
      socket.on('data', () => undefined);
      socket.on('end', () => socket.end());
      socket.on('close', () => {
        this.closed.add(socket);
        if (this.socket === socket) this.socket = undefined;
      });
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        socket.on('error', () => undefined);
        this.socket = socket;
        resolve(socket);
      });
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.closed.add(socket);
        reject(err);
      };
      socket.once('error', fail);
    });
  }
}
