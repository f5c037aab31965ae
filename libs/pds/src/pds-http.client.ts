import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Bundle, OperationOutcome, Patient } from 'fhir/r4';
import { NhsAccessTokenService, NhsTokenError } from '@gw/auth';
import {
  joinUrl,
  parseJson,
  retryAfterMs,
  upstreamCall,
  upstreamDispatcher,
  UpstreamTimeoutError,
  type UpstreamResponse,
} from '@gw/upstream-http';
import { isValidNhsNumber, normaliseNhsNumber } from '@gw/nhs-number';
import {
  PdsClient,
  type PdsCallContext,
  type PdsFailure,
  type PdsReadOutcome,
  type PdsSearchOutcome,
  type PdsSearchQuery,
} from './pds-client';
import { PdsConfig } from './pds.config';

const RESTRICTED_CODES = new Set(['R', 'V', 'REDACTED']);
const DATE = /^(eq|ge|le)?\d{4}-\d{2}-\d{2}$/;

/** Spine error code of an OperationOutcome body (PDS: https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode). */
export function spineCode(body: unknown): string | undefined {
  const oo = body as OperationOutcome | undefined;
  if (oo?.resourceType !== 'OperationOutcome') return undefined;
  return oo.issue?.[0]?.details?.coding?.[0]?.code ?? oo.issue?.[0]?.code;
}

export function isRestricted(p: Patient): boolean {
  return (p.meta?.security ?? []).some((s) => RESTRICTED_CODES.has(String(s.code ?? '').toUpperCase()));
}

/**
 * PDS FHIR R4 over HTTP, application-restricted. Each logical call gets one X-Request-ID, reused
 * on retries (RetryAgent resends the same headers) as PDS asks. A 401 drops the cached token and is
 * tried once more with a fresh one. NHS numbers are checked before any call and never logged.
 */
@Injectable()
export class PdsHttpClient extends PdsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(PdsHttpClient.name);
  private readonly dispatcher;

  constructor(
    private readonly cfg: PdsConfig,
    private readonly tokens: NhsAccessTokenService,
  ) {
    super();
    this.dispatcher = upstreamDispatcher({
      retries: cfg.PDS_RETRIES,
      retryStatusCodes: [429, 502, 503, 504],
      maxRetryWaitMs: cfg.PDS_MAX_RETRY_WAIT_MS,
    });
  }

  /** After the HTTP server has drained (not onModuleDestroy): a request still being answered keeps its connection pool. */
  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }

  async read(nhsNumber: string, ctx: PdsCallContext): Promise<PdsReadOutcome> {
    const nhs = normaliseNhsNumber(nhsNumber);
    if (!isValidNhsNumber(nhs)) return { kind: 'invalid', reason: 'NHS number fails the format or modulus 11 check' };
    const res = await this.call('read', `Patient/${nhs}`, ctx);
    if ('kind' in res) return res;
    const body = parseJson(res.text);
    if (res.status === 200) {
      const p = body as Patient | undefined;
      if (p?.resourceType !== 'Patient' || !p.id) return this.malformed('read', res.status);
      if (isRestricted(p)) return { kind: 'restricted' };
      if (p.id !== nhs) return { kind: 'superseded', newNhsNumber: p.id, patient: p };
      return { kind: 'found', patient: p, deceased: Boolean(p.deceasedDateTime || p.deceasedBoolean) };
    }
    const code = spineCode(body);
    if (res.status === 404) return code === 'INVALIDATED_RESOURCE' ? { kind: 'invalidated' } : { kind: 'not-found' };
    if (res.status === 400 && code === 'INVALID_RESOURCE_ID')
      return { kind: 'invalid', reason: 'PDS rejected the NHS number (INVALID_RESOURCE_ID)' };
    return this.failure(res, code);
  }

  async search(query: PdsSearchQuery, ctx: PdsCallContext): Promise<PdsSearchOutcome> {
    const problem = checkSearch(query);
    if (problem) return { kind: 'invalid', reason: problem };
    const qs = new URLSearchParams();
    if (query.fuzzy) qs.append('_fuzzy-match', 'true');
    // Application-restricted access allows one result only; more matches come back as TOO_MANY_MATCHES.
    qs.append('_max-results', '1');
    if (query.family) qs.append('family', query.family);
    for (const g of query.given ?? []) qs.append('given', g);
    if (query.gender) qs.append('gender', query.gender);
    if (query.birthdate) qs.append('birthdate', /^(eq|ge|le)/.test(query.birthdate) ? query.birthdate : `eq${query.birthdate}`);
    if (query.postcode) qs.append('address-postalcode', query.postcode);
    const res = await this.call('search', `Patient?${qs.toString()}`, ctx);
    if ('kind' in res) return res;
    const body = parseJson<Bundle<Patient> | OperationOutcome>(res.text);
    const code = spineCode(body);
    if (res.status === 200) {
      if (code === 'TOO_MANY_MATCHES') return { kind: 'too-many' };
      if (body?.resourceType !== 'Bundle') return this.malformed('search', res.status, code);
      const patients = (body.entry ?? []).map((e) => e.resource).filter((r): r is Patient => r?.resourceType === 'Patient');
      if (!patients.length) return { kind: 'none' };
      if (patients.some(isRestricted)) return { kind: 'restricted' };
      return { kind: 'matches', patients };
    }
    if (res.status === 400) return { kind: 'invalid', reason: `PDS rejected the search (${code ?? 'bad request'})` };
    return this.failure(res, code);
  }

  /** GET with a bearer token; one fresh-token retry on 401. Returns the response or a failure outcome. */
  private async call(operation: 'read' | 'search', path: string, ctx: PdsCallContext): Promise<UpstreamResponse | PdsFailure> {
    const requestId = randomUUID();
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await this.tokens.accessToken();
      } catch (e) {
        const err = e as NhsTokenError;
        this.logger.warn(`PDS ${operation}: no access token (${err.status ?? '-'} ${err.error ?? err.name})`);
        return err.error === 'timeout'
          ? { kind: 'timeout' }
          : { kind: 'upstream-error', status: err.status, code: `token:${err.error ?? 'unavailable'}` };
      }
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/fhir+json',
        'x-request-id': requestId,
        'x-correlation-id': ctx.requestId,
      };
      const ods = ctx.endUserOrgOds || this.cfg.PDS_END_USER_ORG_ODS;
      if (ods) headers['nhsd-end-user-organisation-ods'] = ods;
      let res: UpstreamResponse;
      try {
        res = await upstreamCall({
          service: 'pds',
          operation,
          method: 'GET',
          url: joinUrl(this.cfg.PDS_BASE_URL, path),
          headers,
          timeoutMs: this.cfg.PDS_TIMEOUT_MS,
          dispatcher: this.dispatcher,
        });
      } catch (e) {
        if (e instanceof UpstreamTimeoutError) return { kind: 'timeout' };
        this.logger.warn(`PDS ${operation} failed (${(e as Error).message}) request ${ctx.requestId}`);
        return { kind: 'upstream-error', code: 'network' };
      }
      if (res.status === 401 && attempt === 0) {
        await this.tokens.invalidate(token);
        continue;
      }
      return res;
    }
  }

  private failure(res: UpstreamResponse, code: string | undefined): PdsFailure {
    if (res.status === 429) return { kind: 'rate-limited', retryAfterMs: retryAfterMs(res.headers['retry-after']) };
    if (res.status === 408 || code === 'UNABLE_TO_CALL_SERVICE') return { kind: 'timeout' };
    this.logger.warn(`PDS answered ${res.status} ${code ?? ''}`.trim());
    return { kind: 'upstream-error', status: res.status, code };
  }

  private malformed(operation: string, status: number, code?: string): PdsFailure {
    this.logger.warn(`PDS ${operation} answered ${status} with an unexpected body${code ? ` (${code})` : ''}`);
    return { kind: 'upstream-error', status, code: code ?? 'MALFORMED_RESPONSE' };
  }
}

/** Application-restricted search rules checked before calling (PDS would answer 400 otherwise). */
export function checkSearch(q: PdsSearchQuery): string | undefined {
  if (q.birthdate && !DATE.test(q.birthdate)) return 'birthdate must be yyyy-mm-dd, optionally prefixed eq/ge/le';
  if (q.gender && !['male', 'female', 'other', 'unknown'].includes(q.gender)) return 'gender must be male, female, other or unknown';
  const wild = [q.family, ...(q.given ?? [])].filter((v): v is string => Boolean(v));
  if (wild.some((v) => v.slice(0, 2).includes('*'))) return 'a wildcard may not be in the first two characters';
  if (q.fuzzy && wild.some((v) => v.includes('*'))) return 'wildcards cannot be used with a fuzzy search';
  if (!q.birthdate) return 'birthdate is required';
  if (q.fuzzy) {
    const ok = (q.given?.length && q.family) || (q.family && q.gender && q.postcode) || (q.given?.length && q.gender && q.postcode);
    return ok ? undefined : 'a fuzzy search needs given+family, family+gender+postcode or given+gender+postcode with birthdate';
  }
  return q.family ? undefined : 'family is required';
}
