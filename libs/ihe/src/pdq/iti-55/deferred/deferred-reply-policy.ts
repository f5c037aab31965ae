import { Injectable, Optional } from '@nestjs/common';
import type { RequesterIdentity } from '@gw/identity';
import { PartnerDirectory } from '@gw/xua';
import { XcpdDeferredConfig } from './xcpd-deferred.config';

/**
 * Where a deferred ITI-55 answer may be sent. The answer discloses a patient's demographics, so the
 * address a request names is trusted only when this policy says so; it is asked when the request is
 * accepted and again just before the answer is sent.
 */
export abstract class DeferredReplyPolicy {
  /** False when deferred mode is off altogether (the request is answered NS250). */
  abstract get enabled(): boolean;
  /** Whether the answer to this requester may be sent to `address`. */
  abstract allows(address: string, requester: RequesterIdentity): boolean;
}

/** An allow-list entry of scheme, host and port only: any path at that origin. */
const ORIGIN_ONLY = /^https?:\/\/[^/?#]+$/i;

/**
 * Whether `address` is on `list`: an entry with a path matches that URL exactly; an origin entry
 * (scheme, host and port only) matches any path at it. Only http(s), never with user info, and never a
 * fragment (a URL is compared as parsed, so case and default ports do not matter).
 */
export function addressAllowed(address: string, list: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.hash) return false;
  return list.some((entry) => {
    let allowed: URL;
    try {
      allowed = new URL(entry);
    } catch {
      return false;
    }
    return ORIGIN_ONLY.test(entry.trim()) ? allowed.origin === url.origin : allowed.href === url.href;
  });
}

/**
 * The policy from the settings: with partner profiles (XUA_PARTNERS_FILE), a request matched to a
 * partner may name only that partner's `replyTo` addresses; otherwise XCPD_DEFERRED_REPLY_TO_ALLOWED,
 * one list for every requester.
 */
@Injectable()
export class ConfiguredDeferredReplyPolicy extends DeferredReplyPolicy {
  constructor(
    private readonly cfg: XcpdDeferredConfig,
    @Optional() private readonly partners?: PartnerDirectory,
  ) {
    super();
  }

  get enabled(): boolean {
    return this.cfg.XCPD_DEFERRED_REPLY_TO_ALLOWED.length > 0 || !!this.partners?.list().some((p) => p.replyTo.length > 0);
  }

  allows(address: string, requester?: RequesterIdentity): boolean {
    const partner = requester?.partner ? this.partners?.byId(requester.partner) : undefined;
    if (partner) return addressAllowed(address, partner.replyTo);
    return addressAllowed(address, this.cfg.XCPD_DEFERRED_REPLY_TO_ALLOWED);
  }
}
