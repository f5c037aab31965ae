import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { XuaRejection } from './xua-rejection';
import { elementChildren, type DomElement } from './saml-claims';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

function spki(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** RDNs of a distinguished name as a set, so "CN=a, O=b" (XML DSig) and "CN=a\nO=b" (Node) compare equal. */
function rdns(name: string): string {
  return name
    .split(/[\n,]/)
    .map((r) => r.trim().replace(/\s*=\s*/, '='))
    .filter(Boolean)
    .sort()
    .join('\n');
}

function serial(value: string, radix: 10 | 16): bigint | undefined {
  try {
    return BigInt(radix === 16 ? `0x${value}` : value.trim());
  } catch {
    return undefined;
  }
}

function firstText(el: DomElement | undefined, local: string): string | undefined {
  const t = el && elementChildren(el, DSIG, local)[0]?.textContent?.trim();
  return t || undefined;
}

/**
 * The XUA trust store: configured PEM certificates (pinned signing certificates or issuing CAs) and
 * bare public keys (pinned). The key that must verify an assertion is chosen from its KeyInfo in
 * constant work per request (lookups by key, issuer name or issuer+serial), never by trying every
 * trusted certificate in turn.
 */
export class XuaTrustStore {
  /** Pinned keys by their SubjectPublicKeyInfo (every configured certificate's key and every bare key). */
  private readonly pinned = new Map<string, KeyObject>();
  /** Configured certificates that may issue signing certificates, by subject name. */
  private readonly cas = new Map<string, X509Certificate[]>();
  private readonly certs: X509Certificate[] = [];

  constructor(pems: readonly string[]) {
    for (const pem of pems) {
      try {
        const cert = new X509Certificate(pem);
        this.certs.push(cert);
        this.pinned.set(spki(cert.publicKey), cert.publicKey);
        if (cert.ca) this.cas.set(rdns(cert.subject), [...(this.cas.get(rdns(cert.subject)) ?? []), cert]);
      } catch {
        // a bare public key: usable as a pinned key, not as an issuer
        let key: KeyObject;
        try {
          key = createPublicKey(pem);
        } catch {
          throw new Error('XUA_TRUSTED_CERTS: an entry is neither an X.509 certificate nor a public key in PEM');
        }
        this.pinned.set(spki(key), key);
      }
    }
  }

  get size(): number {
    return this.pinned.size;
  }

  /**
   * The key to verify `signature` with: the KeyInfo certificate when it is pinned (by its key) or a
   * configured CA issued it and it is in its validity period; else the pinned certificate named by
   * X509IssuerSerial; else the only pinned key when exactly one is configured. Throws otherwise.
   */
  keyFor(signature: DomElement, now: Date): KeyObject {
    return this.keyWithValidity(signature, now).key;
  }

  /** keyFor(), with the validity window (epoch ms) of a CA-issued KeyInfo certificate, which must be checked again later. */
  keyWithValidity(signature: DomElement, now: Date): { key: KeyObject; validFrom?: number; validTo?: number } {
    const keyInfo = elementChildren(signature, DSIG, 'KeyInfo')[0];
    const data = keyInfo && elementChildren(keyInfo, DSIG, 'X509Data')[0];
    const b64 = firstText(data, 'X509Certificate')?.replace(/\s+/g, '');
    if (b64) {
      let leaf: X509Certificate;
      try {
        leaf = new X509Certificate(Buffer.from(b64, 'base64'));
      } catch {
        throw new XuaRejection('bad-signature', 'The KeyInfo certificate could not be read');
      }
      const pinned = this.pinned.get(spki(leaf.publicKey));
      if (pinned) return { key: pinned };
      if (this.issuedByTrustedCa(leaf, now))
        return { key: leaf.publicKey, validFrom: Date.parse(leaf.validFrom), validTo: Date.parse(leaf.validTo) };
      throw new XuaRejection('bad-signature', 'The SAML assertion is not signed by a trusted issuer');
    }
    const issuerSerial = data && elementChildren(data, DSIG, 'X509IssuerSerial')[0];
    if (issuerSerial) {
      const issuer = firstText(issuerSerial, 'X509IssuerName');
      const number = serial(firstText(issuerSerial, 'X509SerialNumber') ?? '', 10);
      const cert = this.certs.find((c) => issuer && rdns(c.issuer) === rdns(issuer) && serial(c.serialNumber, 16) === number);
      if (cert) return { key: cert.publicKey };
      throw new XuaRejection('bad-signature', 'The SAML assertion is not signed by a trusted issuer');
    }
    if (this.pinned.size === 1) return { key: [...this.pinned.values()][0] };
    throw new XuaRejection('bad-signature', 'The signature KeyInfo does not identify a trusted signing certificate');
  }

  private issuedByTrustedCa(leaf: X509Certificate, now: Date): boolean {
    const t = now.getTime();
    if (t < Date.parse(leaf.validFrom) || t > Date.parse(leaf.validTo)) return false;
    // Only the CAs whose subject is the leaf's issuer are candidates; usually one.
    return (this.cas.get(rdns(leaf.issuer)) ?? []).some((ca) => leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
  }
}
