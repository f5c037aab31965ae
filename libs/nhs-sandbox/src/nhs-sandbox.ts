import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { DEMONSTRATOR_PRACTICE } from './fixtures/sandbox-patients';
import { FaultTable, parseFaults, type SandboxFault } from './faults/fault-injection';
import { GpConnectHandler } from './gp-connect/gp-connect.handler';
import { StructuredRecordBuilder } from './gp-connect/structured-record.builder';
import { readBody, send, sleep } from './http.util';
import { TokenEndpoint, type RegisteredApp } from './oauth/token.handler';
import { loadPdsRecords, setRecordSecurity, type SecurityCode } from './pds/pds-records';
import { PdsHandler } from './pds/pds.handler';
import { findNhsDataDir } from './sandbox-data.util';
import { SdsHandler } from './sds/sds.handler';

export interface NhsSandboxOptions {
  /** 0 = any free port. */
  port?: number;
  host?: string;
  faults?: SandboxFault[];
  /** Applications allowed to get tokens (API key + JWKS). More can be registered later. */
  apps?: RegisteredApp[];
  /** PDS spike arrest per second (NHS default 5). */
  pdsTps?: number;
  /** GP Connect clinical areas switched off at the practice (answered with the NOT_IMPLEMENTED warning). */
  gpConnectDisabledAreas?: string[];
  /** How GP Connect answers a blank Ssp-* header: 'spec' (400 BAD_REQUEST, default) or 'demonstrator' (400 INVALID_PARAMETER). */
  gpConnectErrorMode?: 'spec' | 'demonstrator';
  /** Origin the sandbox is reached at, when not its listening address (token audience, GP Connect root in SDS). */
  publicUrl?: string;
  /** Access token lifetime (NHS: 599 s). */
  tokenLifetimeS?: number;
  /** The NHS data folder (layout of apps/nhs-sandbox/data); NHS_SANDBOX_DATA_DIR or the bundled one when not given. */
  dataDir?: string;
}

/** A request the sandbox received (kept for tests: which headers and bodies the clients sent). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body?: string;
}

export interface NhsSandbox {
  url: string;
  /** The last 500 requests, oldest first (admin paths excluded). */
  requests: RecordedRequest[];
  tokenUrl: string;
  pdsBaseUrl: string;
  sdsBaseUrl: string;
  /** The demonstrator practice's GP Connect service root, as SDS gives it. */
  gpConnectRoot: string;
  gpConnectAsid: string;
  faults: FaultTable;
  registerApp(app: RegisteredApp): void;
  /** Expires every issued access token (the next PDS call with one gets 401). */
  expireTokens(): void;
  /** Makes a PDS patient restricted (R), very restricted (V) or unrestricted (U) from now on; false when unknown. */
  setPatientSecurity(nhsNumber: string, code: SecurityCode): boolean;
  close(): Promise<void>;
}

const PDS_PREFIX = '/personal-demographics/FHIR/R4';
const SDS_PREFIX = '/spine-directory/FHIR/R4';
const GPC_ROOT_PATH = `/${DEMONSTRATOR_PRACTICE.odsCode}/STU3/1/gpconnect/`;
/** Accepts the SDS (…/gpconnect/), public demonstrator (…/structured/fhir) and code-default (…/fhir) roots. */
// eslint-disable-next-line security/detect-non-literal-regexp -- built from the constant demonstrator ODS code
const GPC_OPERATION = new RegExp(
  `^/${DEMONSTRATOR_PRACTICE.odsCode}/STU3/1/gpconnect(/structured)?(/fhir)?/Patient/(\\$|%24)gpc\\.getstructuredrecord$`,
);

/**
 * The embedded NHS England side: OAuth2 token endpoint, PDS FHIR R4, SDS FHIR R4 and the GP Connect
 * demonstrator practice B82617, on one plain node:http server (small, fast to start, no DI needed),
 * enforcing the real contracts. Admin endpoints under /_sandbox for tests: faults, apps, tokens,
 * a patient's PDS confidentiality (PUT /_sandbox/pds/patients/<nhs>/security {"code":"R"}), and
 * the calls answered per service (GET /_sandbox/calls: {token, pds, sds, gpConnect}), which tells
 * a test with several gateway processes how often they reached NHS in all.
 */
export async function startNhsSandbox(opts: NhsSandboxOptions = {}): Promise<NhsSandbox> {
  const logger = new Logger('NhsSandbox');
  const dataDir = findNhsDataDir(opts.dataDir);
  let url = '';
  const faults = new FaultTable(opts.faults ?? []);
  const requests: RecordedRequest[] = [];
  /** Calls answered per service since the start, for GET /_sandbox/calls (counts only: no identifiers). */
  const calls = { token: 0, pds: 0, sds: 0, gpConnect: 0 };
  const token = new TokenEndpoint(() => `${url}/oauth2/token`, opts.tokenLifetimeS ?? 599);
  for (const app of opts.apps ?? []) token.register(app);
  const pdsRecords = loadPdsRecords(dataDir);
  const pds = new PdsHandler(
    pdsRecords,
    () => `${url}${PDS_PREFIX}`,
    (t) => token.validToken(t),
    opts.pdsTps ?? 5,
  );
  const sds = new SdsHandler(() => `${url}${GPC_ROOT_PATH}`);
  const gpc = new GpConnectHandler(
    DEMONSTRATOR_PRACTICE.asid,
    new StructuredRecordBuilder(dataDir, new Set(opts.gpConnectDisabledAreas ?? [])),
    opts.gpConnectErrorMode,
  );

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = new URL(req.url ?? '/', 'http://sandbox');
    const path = parsed.pathname;
    if (path.startsWith('/_sandbox/')) return admin(req, res, path);
    const entry: RecordedRequest = { method: req.method ?? 'GET', path, query: parsed.searchParams, headers: { ...req.headers } };
    requests.push(entry);
    if (requests.length > 500) requests.shift();

    const fault = faults.take(req.method ?? 'GET', path);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault && (fault.status || fault.body !== undefined)) {
      const body = fault.body === 'malformed' || fault.body === undefined ? '{"resourceType":"Bun' : fault.body;
      const headers: Record<string, string> = fault.retryAfterS !== undefined ? { 'retry-after': String(fault.retryAfterS) } : {};
      return send(res, fault.status ?? 200, body, headers);
    }

    if (path === '/oauth2/token' && req.method === 'POST') return (calls.token++, token.handle(req, res));
    if (path.startsWith(`${PDS_PREFIX}/`)) return (calls.pds++, pds.handle(req, res, path.slice(PDS_PREFIX.length), parsed.searchParams));
    if (path.startsWith(`${SDS_PREFIX}/`)) return (calls.sds++, sds.handle(req, res, path.slice(SDS_PREFIX.length), parsed.searchParams));
    if (GPC_OPERATION.test(path)) return (calls.gpConnect++, gpc.handle(req, res, (body) => (entry.body = body)));
    send(res, 404, {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found', diagnostics: 'No such sandbox path' }],
    });
  }

  async function admin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      if (path === '/_sandbox/faults') {
        if (req.method === 'GET') return send(res, 200, faults.list(), {}, 'application/json');
        if (req.method === 'PUT') faults.set(parseFaults(await readBody(req)));
        else if (req.method === 'POST') for (const f of parseFaults(await readBody(req))) faults.add(f);
        else if (req.method === 'DELETE') faults.set([]);
        return send(res, 200, faults.list(), {}, 'application/json');
      }
      const security = /^\/_sandbox\/pds\/patients\/(\d{10})\/security$/.exec(path);
      if (security && req.method === 'PUT') {
        const { code } = JSON.parse(await readBody(req)) as { code?: string };
        if (code !== 'U' && code !== 'R' && code !== 'V') throw new Error('"code" must be U, R or V');
        if (!setRecordSecurity(pdsRecords, security[1], code)) return send(res, 404, { error: 'no such patient' }, {}, 'application/json');
        return send(res, 204, '');
      }
      if (path === '/_sandbox/apps' && req.method === 'POST') {
        const app = JSON.parse(await readBody(req)) as RegisteredApp;
        if (typeof app?.apiKey !== 'string' || !app.apiKey) throw new Error('an app needs an "apiKey"');
        token.register(app);
        return send(res, 204, '');
      }
    } catch (e) {
      return send(res, 400, { error: (e as Error).message }, {}, 'application/json');
    }
    if (path === '/_sandbox/calls' && req.method === 'GET') return send(res, 200, calls, {}, 'application/json');
    if (path === '/_sandbox/tokens/expire' && req.method === 'POST') {
      token.expireAll();
      return send(res, 204, '');
    }
    send(res, 404, { error: 'unknown sandbox admin path' }, {}, 'application/json');
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: Error) => {
      // Only the service part of the path: the rest can hold an NHS number.
      logger.error(`Sandbox error on ${req.method} /${(req.url ?? '').split(/[/?]/)[1] ?? ''}: ${e.message}`);
      if (!res.headersSent)
        send(res, 500, {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'exception', diagnostics: 'Sandbox error' }],
        });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const listening = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  url = opts.publicUrl ? opts.publicUrl.replace(/\/+$/, '') : listening;
  logger.log(`NHS sandbox listening on ${listening}${url === listening ? '' : `, reached as ${url}`}`);
  return {
    url,
    requests,
    tokenUrl: `${url}/oauth2/token`,
    pdsBaseUrl: `${url}${PDS_PREFIX}`,
    sdsBaseUrl: `${url}${SDS_PREFIX}`,
    gpConnectRoot: `${url}${GPC_ROOT_PATH}`,
    gpConnectAsid: DEMONSTRATOR_PRACTICE.asid,
    faults,
    registerApp: (app) => token.register(app),
    expireTokens: () => token.expireAll(),
    setPatientSecurity: (nhsNumber, code) => setRecordSecurity(pdsRecords, nhsNumber, code),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
