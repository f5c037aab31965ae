import { createHash, type X509Certificate } from 'node:crypto';
import type { DomElement } from './saml-claims';
import type { RequesterIdentity } from '@gw/identity';

/**
 * What a successful verification of one assertion's exact bytes established, so the next message
 * carrying the same bytes skips the parse, the signature check and the claim checks. What depends
 * on the message or the clock is not kept as a verdict: the caller still checks, on every message,
 * the wsu:Timestamp, that the assertion ID occurs once in that message, the assertion's time
 * conditions (from `signed`, the element the signature covers) and the signing key's validity.
 */
export interface VerifiedAssertion {
  id: string;
  /** The signed assertion element, re-read for its time conditions on every hit. */
  signed: DomElement;
  /** What the verifier returns for it (its XuaResult): the requester and the resource-id, if any. */
  result: { identity: RequesterIdentity; resourceId?: string };
  /** Validity window of a CA-issued KeyInfo certificate (epoch ms); absent for a pinned key. */
  keyValidFrom?: number;
  keyValidTo?: number;
}

/**
 * Bounded, least-recently-used cache of verified assertions, keyed by a SHA-256 of the assertion
 * text together with the client certificate that proved holder-of-key (so a proof for one
 * certificate is never reused for another). An initiating gateway reuses one signed assertion for a
 * whole session; with the cache only its first message pays for the XML signature. Only successes are
 * kept: a refused assertion is verified (and refused) again each time.
 */
export class VerifiedAssertionCache {
  private readonly entries = new Map<string, VerifiedAssertion>();

  constructor(private readonly capacity: number) {}

  static key(assertionXml: string, clientCertificate: X509Certificate | undefined, generation = 0): string {
    return createHash('sha256')
      .update(assertionXml)
      .update('\0')
      .update(clientCertificate?.fingerprint256 ?? '')
      .update(`\0${generation}`)
      .digest('base64');
  }

  get(key: string): VerifiedAssertion | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserted: Map order is insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, entry: VerifiedAssertion): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
