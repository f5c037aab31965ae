import { counter, gauge } from '@gw/observability';

/** Cache lookups by outcome and key family (the key up to its first ':'; never the key itself). */
export const cacheRequests = counter('gw_cache_requests_total', 'Cache lookups by result (hit or miss) and key family', [
  'result',
  'family',
] as const);

/** Backend failures and timeouts; each one degraded to a miss or a no-op. */
export const cacheErrors = counter('gw_cache_errors_total', 'Cache operations that failed or timed out and were degraded', ['op'] as const);

/** 1 while the backend answers, 0 while the cache is degraded. */
export const cacheUp = gauge('gw_cache_up', 'Whether the cache backend is answering (1) or degraded (0)', ['store'] as const);

const FAMILY = /^[a-z0-9_-]{1,32}$/i;

/** Low-cardinality label for a key: its prefix when it has a well-formed one, else "other". */
export function keyFamily(key: string): string {
  const i = key.indexOf(':');
  const prefix = i > 0 ? key.slice(0, i) : '';
  return FAMILY.test(prefix) ? prefix.toLowerCase() : 'other';
}
