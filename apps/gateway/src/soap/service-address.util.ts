import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface ServiceAddressOptions {
  /** SOAP_PUBLIC_BASE_URL: when set, the only source of the address. */
  publicBaseUrl?: string;
  /** TRUST_PROXY_HOPS: X-Forwarded-* and Host are believed only when a proxy in front is trusted. */
  trustProxyHops: number;
}

/** A host[:port] as a proxy forwards it: a DNS name or IPv4 address, or a bracketed IPv6 address. */
// eslint-disable-next-line security/detect-unsafe-regex -- labels are at most 63 characters and each repetition starts with a '.', which a label excludes: linear
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const head = v?.split(',')[0].trim();
  return head || undefined;
}

/** The address this connection reached, as written in a URL (IPv4-mapped IPv6 shown as IPv4). */
function boundAddress(req: IncomingMessage): string {
  const socket = req.socket;
  const scheme = (socket as TLSSocket).encrypted ? 'https' : 'http';
  const raw = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const host = raw.includes(':') ? `[${raw}]` : raw;
  return `${scheme}://${host}:${socket.localPort ?? 0}`;
}

/**
 * The base URL written into a WSDL's soap12:address. A caller's Host and X-Forwarded-* headers are
 * its own claims, and a WSDL that repeats them sends the next client wherever the first one chose,
 * so they count only behind a trusted proxy (TRUST_PROXY_HOPS > 0) and only when well-formed.
 * Order: the configured public URL; the trusted proxy's X-Forwarded-Proto/-Host (or Host); else the
 * address the connection was accepted on.
 */
export function serviceBaseUrl(req: IncomingMessage, opts: ServiceAddressOptions): string {
  if (opts.publicBaseUrl) return opts.publicBaseUrl.replace(/\/+$/, '');
  if (opts.trustProxyHops > 0) {
    const proto = (first(req.headers['x-forwarded-proto']) ?? ((req.socket as TLSSocket).encrypted ? 'https' : 'http')).toLowerCase();
    const host = first(req.headers['x-forwarded-host']) ?? first(req.headers.host);
    if ((proto === 'http' || proto === 'https') && host && HOST.test(host)) return `${proto}://${host}`;
  }
  return boundAddress(req);
}
