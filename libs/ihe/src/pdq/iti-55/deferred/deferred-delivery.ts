/** How one delivery of a deferred answer ended. */
export type DeliveryOutcome = 'delivered' | 'rejected' | 'failed' | 'expired' | 'cancelled';

export interface DeliveryPlan {
  address: string;
  /** The SOAP 1.2 request envelope carrying the PRPA_IN201306UV02. */
  envelope: string;
  action: string;
  /** Epoch ms by which delivery must have succeeded, retries included. */
  deadline: number;
  attemptTimeoutMs: number;
  retries: number;
  retryBaseMs: number;
  /** Aborted when the gateway shuts down. */
  signal: AbortSignal;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * POSTs a deferred answer to the initiating gateway's deferred-response endpoint. A redirect is never
 * followed (it would carry the answer to an address nobody allowed); a 4xx other than 429 is final;
 * a failed connection, 429 or 5xx is retried with doubling waits while the deadline allows.
 */
export async function deliverDeferred(plan: DeliveryPlan): Promise<{ outcome: DeliveryOutcome; attempts: number; status?: number }> {
  let status: number | undefined;
  for (let attempt = 0; attempt <= plan.retries; attempt++) {
    if (attempt > 0) await sleep(Math.min(plan.retryBaseMs * 2 ** (attempt - 1), Math.max(0, plan.deadline - Date.now())), plan.signal);
    if (plan.signal.aborted) return { outcome: 'cancelled', attempts: attempt, status };
    const remaining = plan.deadline - Date.now();
    if (remaining <= 0) return { outcome: 'expired', attempts: attempt, status };
    try {
      const res = await fetch(plan.address, {
        method: 'POST',
        headers: { 'content-type': `application/soap+xml; charset=utf-8; action="${plan.action}"` },
        body: plan.envelope,
        redirect: 'manual',
        signal: AbortSignal.any([plan.signal, AbortSignal.timeout(Math.min(plan.attemptTimeoutMs, remaining))]),
      });
      status = res.status;
      // The acknowledgement is not needed; its body is discarded unread, whatever its size.
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) return { outcome: 'delivered', attempts: attempt + 1, status };
      if (res.status !== 429 && res.status < 500) return { outcome: 'rejected', attempts: attempt + 1, status };
    } catch {
      if (plan.signal.aborted) return { outcome: 'cancelled', attempts: attempt + 1, status };
    }
  }
  return { outcome: Date.now() >= plan.deadline ? 'expired' : 'failed', attempts: plan.retries + 1, status };
}
