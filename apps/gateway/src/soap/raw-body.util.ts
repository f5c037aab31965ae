import type { IncomingMessage } from 'node:http';

export type RawBody = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

/**
 * The request body as bytes, bounded. SOAP bodies are read raw (charsets vary and MTOM parts are
 * binary). When the app's SOAP body parser already produced a Buffer it is used as is: the parser
 * was given the same SOAP_MAX_BODY_BYTES and has answered a larger body with 413 already. Otherwise
 * (a host app without that parser) Node's request stream is read here and reading stops at `limit` (the rest
 * is drained, not kept).
 */
export function readRawBody(request: { body?: unknown; raw: IncomingMessage }, limit: number): Promise<RawBody> {
  if (Buffer.isBuffer(request.body)) return Promise.resolve({ kind: 'ok', body: request.body });
  const req = request.raw;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  if (req.readableEnded) return Promise.resolve({ kind: 'ok', body: Buffer.alloc(0) });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: RawBody) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        chunks.length = 0;
        finish({ kind: 'too-large' });
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => finish({ kind: 'ok', body: Buffer.concat(chunks) }));
    req.on('error', () => finish({ kind: 'aborted' }));
    req.on('close', () => finish({ kind: 'aborted' }));
  });
}
