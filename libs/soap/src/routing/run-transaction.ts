import type { Logger } from '@nestjs/common';
import type { AuditService } from '@gw/audit';
import { counter, describeErrorSafely, histogram } from '@gw/observability';
import type { IheHandler, SoapReply, SoapRequest } from '../soap-handler';
import { SoapFault } from '../soap-fault';

const responses = counter('gw_ihe_responses_total', 'IHE transaction answers by transaction, status and first error code', [
  'transaction',
  'status',
  'error',
] as const);

const seconds = histogram(
  'gw_ihe_handler_seconds',
  'Handler time per IHE transaction (payload in to payload out, excluding the SOAP edge)',
  ['transaction', 'status'] as const,
);

/**
 * One exchange through its handler, with what every transaction needs done the same way: timed,
 * counted, audited from the reply's report and summed up in one log line. An unexpected error is
 * answered by the handler's `internalError` (a registry error for XCA) or, without one, left to
 * the edge to answer as a Receiver fault. A handler's own SoapFault always goes to the edge.
 */
export async function runTransaction(handler: IheHandler, req: SoapRequest, audit: AuditService, logger: Logger): Promise<SoapReply> {
  const started = process.hrtime.bigint();
  let reply: SoapReply;
  try {
    reply = await handler.handle(req);
  } catch (e) {
    if (!handler.internalError || e instanceof SoapFault) throw e;
    logger.error(`[${req.requestId}] ${req.transaction} internal error: ${describeErrorSafely(e)}`);
    reply = handler.internalError(req);
  }
  const { status, error = 'none', summary } = reply.report;
  responses.inc({ transaction: req.transaction, status, error });
  seconds.observe({ transaction: req.transaction, status }, Number(process.hrtime.bigint() - started) / 1e9);
  for (const a of reply.report.audit) {
    audit.record({ ...a, transaction: req.transaction, requestId: req.requestId, requester: a.requester ?? req.identity });
  }
  await audit.settled();
  logger.log(`[${req.requestId}] ${req.transaction} → ${status}${summary ? ` ${summary}` : ''}`);
  return reply;
}
