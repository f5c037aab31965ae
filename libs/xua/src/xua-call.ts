import { AsyncLocalStorage } from 'node:async_hooks';
import type { X509Certificate } from 'node:crypto';

/**
 * What one verification needs from the transport and what it learns for the caller. Held in an
 * AsyncLocalStorage for the duration of `XuaVerifier.verifyRequest`, so the checks deep inside
 * verification read the request they belong to, and no other, even if verification awaits.
 */
export interface XuaCall {
  /** The TLS client certificate of the connection, when the deployment passes one (holder-of-key proof). */
  clientCertificate?: X509Certificate;
  /** Set by verification: the epoch ms until which the accepted assertion is valid (NotOnOrAfter + skew). */
  acceptedUntil?: number;
}

export const xuaCall = new AsyncLocalStorage<XuaCall>();
