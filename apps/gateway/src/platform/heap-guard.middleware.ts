import type { IncomingMessage, ServerResponse } from 'node:http';
import { getHeapStatistics } from 'node:v8';
import { SoapFault, soapFaultResponse } from '@gw/soap';

export interface HeapGuardOptions {
  /** Used heap ÷ V8 heap limit above which large bodies are refused; 0 = never. */
  ratio: number;
  /** A body declared at least this long (or of unknown length) counts as large. */
  minBodyBytes: number;
}

/**
 * Keeps a flood of large requests from running V8 out of heap (a V8 out-of-memory ends the process
 * with raw text on stderr, no JSON line, every in-flight request lost): while the heap is above
 * `ratio` of its limit (--max-old-space-size), a request with a large body is answered at once with
 * a retryable 503 SOAP Receiver fault and `Retry-After`, before its body is read. Small requests
 * (health checks, ordinary IHE messages) pass, so the gateway stays answerable while it recovers.
 */
export function heapGuard(o: HeapGuardOptions) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (o.ratio <= 0 || req.method === 'GET' || req.method === 'HEAD') return next();
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared < o.minBodyBytes) return next();
    const heap = getHeapStatistics();
    if (heap.used_heap_size <= o.ratio * heap.heap_size_limit) return next();
    const out = soapFaultResponse(SoapFault.receiver('The gateway is under memory pressure; retry this request shortly'), { status: 503 });
    res.writeHead(503, { 'Content-Type': out.contentType, 'Retry-After': '1', Connection: 'close' });
    res.end(out.body);
    req.resume();
  };
}
