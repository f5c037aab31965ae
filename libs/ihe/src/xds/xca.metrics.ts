import { counter, histogram } from '@gw/observability';

/** XCA responses by transaction, registry status and first error code ('none' when clean). */
export const xcaResponses = counter('gw_xca_responses_total', 'ITI-38/39 responses by transaction, registry status and first error code', [
  'transaction',
  'status',
  'error',
] as const);

/** Handler time per XCA transaction (payload in to payload out, excluding the SOAP edge). */
export const xcaSeconds = histogram('gw_xca_handler_seconds', 'ITI-38/39 handler latency by transaction and status', [
  'transaction',
  'status',
] as const);

/** Short status label for metrics. */
export function statusLabel(status: string): string {
  return status.slice(status.lastIndexOf(':') + 1);
}
