import { X509Certificate } from 'node:crypto';

/** Request headers as Node gives them (lower-case names). */
export type HttpHeaders = Record<string, string | string[] | undefined>;

/**
 * The TLS client certificate that the TLS-terminating proxy passes in the configured header, or
 * undefined when there is none or it cannot be read. Accepted forms: PEM, URL-encoded PEM (nginx
 * `$ssl_client_escaped_cert`, AWS ALB `X-Amzn-Mtls-Clientcert`), or bare base64 DER. A header sent
 * more than once is ambiguous and read as absent.
 */
export function clientCertificateFrom(headers: HttpHeaders | undefined, header: string | undefined): X509Certificate | undefined {
  if (!header || !headers) return undefined;
  const raw = headers[header.toLowerCase()];
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  let value = raw.trim();
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(value);
  const b64 = (pem ? pem[1] : value).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  try {
    return new X509Certificate(Buffer.from(b64, 'base64'));
  } catch {
    return undefined;
  }
}
