import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import pinoHttp, { type Options } from 'pino-http';
import { callerValueFingerprint, loggableUrl, maskCallerText, maskIdentifiers } from './redaction';
import { loggerParams } from './logging.options';
import { ObservabilityConfig } from './observability.config';

/** Serves one request through pino-http configured exactly as the gateway does, and returns the JSON log lines. */
async function logOf(
  path: string,
  headers: Record<string, string>,
  appLog?: (log: pino.Logger) => void,
): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const cfg = Object.assign(new ObservabilityConfig(), { LOG_LEVEL: 'info' });
  const opts = loggerParams(cfg).pinoHttp as Options;
  const middleware = pinoHttp({ ...opts, logger: pino({ level: 'info', redact: opts.redact }, sink) } as Options);
  const server: Server = createServer((req, res) => {
    middleware(req, res);
    appLog?.(req.log);
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
  await new Promise<void>((r) => server.close(() => r()));
  await new Promise((r) => setImmediate(r));
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('gateway logging', () => {
  it('logs the request with its id but without credentials, cookies, query strings or NHS numbers', async () => {
    const lines = await logOf('/admin/documents/9434765919?family=SMITH&birthdate=1970-01-01', {
      Authorization: 'Bearer super-secret-token',
      Cookie: 'session=abc123',
      'X-Request-ID': '16fd2706-8baf-433b-82eb-8c7fada847da',
      'User-Agent': 'probe 9434765919',
    });
    const text = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(0);
    expect(text).toContain('16fd2706-8baf-433b-82eb-8c7fada847da');
    expect(text).toContain('/admin/documents/[nhs-number]');
    for (const secret of ['super-secret-token', 'abc123', 'SMITH', '1970-01-01', '9434765919']) expect(text).not.toContain(secret);
  });

  it('logs a caller X-Request-ID that is not a UUID only as a fingerprint, beside an id of our own', async () => {
    const [line] = (await logOf('/x', { 'X-Request-ID': 'epic-9434765919' })) as Array<{ req: Record<string, string> }>;
    expect(JSON.stringify(line)).not.toContain('9434765919');
    expect(line.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(line.req.callerRequestId).toBe(callerValueFingerprint('epic-9434765919'));
  });

  it('redacts tokens, SAML and patient identifiers in objects passed to the logger', async () => {
    const lines = await logOf('/x', {}, (log) =>
      log.info(
        { ctx: { access_token: 'tok-1', assertion: '<saml:Assertion>s</saml:Assertion>', nhsNumber: '9434765919', asid: '918999198738' } },
        'calling',
      ),
    );
    const entry = lines.find((l) => l.msg === 'calling') as { ctx: Record<string, string> };
    expect(entry.ctx).toEqual({ access_token: '[redacted]', assertion: '[redacted]', nhsNumber: '[redacted]', asid: '918999198738' });
  });

  it('does not log successful /health and /metrics requests', async () => {
    expect(await logOf('/health/live', {})).toEqual([]);
    expect(await logOf('/metrics', {})).toEqual([]);
  });
});

describe('loggableUrl', () => {
  it('drops the query and masks NHS-number-shaped path segments (with or without spaces)', () => {
    expect(loggableUrl('/a/943 476 5919/b?x=1')).toBe('/a/[nhs-number]/b');
    expect(loggableUrl('/SOAP/iti38')).toBe('/SOAP/iti38');
    expect(loggableUrl(undefined)).toBe('');
  });
});

describe('maskIdentifiers', () => {
  it('masks NHS-number-shaped runs in free text and leaves other numbers', () => {
    expect(maskIdentifiers('Error: no GP for 9434765919 (ASID 918999198738, port 3000)')).toBe(
      'Error: no GP for [nhs-number] (ASID 918999198738, port 3000)',
    );
  });
});

describe('maskCallerText', () => {
  it('masks NHS numbers, replaces control characters and bounds the length', () => {
    expect(maskCallerText('id 943 476 5919\r\nforged: line')).toBe('id [nhs-number]??forged: line');
    expect(maskCallerText('x'.repeat(500))).toHaveLength(201);
    expect(maskCallerText(undefined)).toBeUndefined();
  });
});

describe('callerValueFingerprint', () => {
  it('is stable, short, and the same for every NHS number in the same place (masked before hashing)', () => {
    expect(callerValueFingerprint('req-1')).toBe(callerValueFingerprint('req-1'));
    expect(callerValueFingerprint('req-1')).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(callerValueFingerprint('9434765919')).toBe(callerValueFingerprint('9000000009'));
  });
});
