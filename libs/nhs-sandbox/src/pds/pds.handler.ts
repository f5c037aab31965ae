import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bundle, Patient } from 'fhir/r4';
import { isValidNhsNumber } from '@gw/nhs-number';
import { header, send, UUID } from '../http.util';
import { PDS_ERRORS } from './pds-errors';
import type { PdsRecords } from './pds-records';

const SEARCH_PARAMS = new Set([
  '_fuzzy-match',
  '_exact-match',
  '_history',
  '_max-results',
  'family',
  'given',
  'gender',
  'birthdate',
  'death-date',
  'address-postcode',
  'address-postalcode',
  'general-practitioner',
  'email',
  'phone',
]);
const DATE_PARAM = /^(eq|ge|le)?(\d{4}-\d{2}-\d{2})$/;

/**
 * PDS FHIR R4, application-restricted, as the NHS sandbox and INT behave: header checks first
 * (X-Request-ID, then the bearer token from our token endpoint), then read or search. Search matches
 * the record store by demographics (case-insensitive, `*` wildcards) and answers at most one result.
 */
export class PdsHandler {
  private readonly window: number[] = [];

  constructor(
    private readonly records: PdsRecords,
    private readonly baseUrl: () => string,
    private readonly tokenOwner: (token: string) => string | undefined,
    private readonly tps: number,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
    const requestId = header(req, 'x-request-id');
    const correlationId = header(req, 'x-correlation-id');
    const echo: Record<string, string> = {};
    if (requestId) echo['x-request-id'] = requestId;
    if (correlationId) echo['x-correlation-id'] = correlationId;
    if (!requestId) return send(res, 400, PDS_ERRORS.missingRequestId(), echo);
    if (!UUID.test(requestId)) return send(res, 400, PDS_ERRORS.invalidRequestId(requestId), echo);

    const auth = header(req, 'authorization');
    if (!auth) return send(res, 401, PDS_ERRORS.accessDenied('Missing access token'), echo);
    const m = /^Bearer (.+)$/.exec(auth);
    if (!m || !this.tokenOwner(m[1])) return send(res, 401, PDS_ERRORS.accessDenied('Invalid Access Token'), echo);

    if (this.overQuota()) return send(res, 429, PDS_ERRORS.tooManyRequests(), { ...echo, 'retry-after': '1' });
    if (req.method !== 'GET') return send(res, 403, PDS_ERRORS.invalidMethod(), echo);

    const read = /^\/Patient\/([^/]+)$/.exec(path);
    if (read) {
      let id: string;
      try {
        id = decodeURIComponent(read[1]);
      } catch {
        return send(res, 400, PDS_ERRORS.invalidResourceId(), echo);
      }
      return this.read(res, id, echo);
    }
    if (path === '/Patient') return this.search(res, query, echo);
    send(res, 404, PDS_ERRORS.notFound(), echo);
  }

  /** 5 transactions per second per application by default (spike arrest). */
  private overQuota(): boolean {
    const now = Date.now();
    while (this.window.length && now - this.window[0] >= 1000) this.window.shift();
    if (this.window.length >= this.tps) return true;
    this.window.push(now);
    return false;
  }

  private read(res: ServerResponse, id: string, echo: Record<string, string>): void {
    if (!isValidNhsNumber(id) || !/^\d{10}$/.test(id)) return send(res, 400, PDS_ERRORS.invalidResourceId(), echo);
    if (this.records.invalidated.has(id)) return send(res, 404, PDS_ERRORS.invalidated(), echo);
    const record = this.records.byNhsNumber.get(this.records.superseded.get(id) ?? id);
    if (!record) return send(res, 404, PDS_ERRORS.notFound(), echo);
    send(res, 200, record, { ...echo, etag: `W/"${record.meta?.versionId ?? '1'}"` });
  }

  private search(res: ServerResponse, q: URLSearchParams, echo: Record<string, string>): void {
    const names = [...q.keys()];
    if (!names.length) return send(res, 400, PDS_ERRORS.unsupportedService(), echo);
    const unknown = names.find((n) => !SEARCH_PARAMS.has(n));
    if (unknown) return send(res, 400, PDS_ERRORS.additionalProperties(unknown), echo);
    const birthdates = q.getAll('birthdate');
    for (const b of [...birthdates, ...q.getAll('death-date')]) {
      if (!DATE_PARAM.test(b))
        return send(res, 400, PDS_ERRORS.invalidValue(b, q.getAll('birthdate').includes(b) ? 'birthdate' : 'death-date'), echo);
    }
    const gender = q.get('gender');
    if (gender && !['male', 'female', 'other', 'unknown'].includes(gender))
      return send(res, 400, PDS_ERRORS.invalidValue(gender, 'gender'), echo);
    if (!birthdates.length) return send(res, 400, PDS_ERRORS.missingBirthDate(), echo);
    if (!q.get('family') && !q.get('_fuzzy-match')) return send(res, 400, PDS_ERRORS.invalidSearchData(), echo);
    if (q.has('address-postcode') && q.has('address-postalcode')) return send(res, 400, PDS_ERRORS.invalidSearchData(), echo);
    const max = q.get('_max-results');
    if (max !== null && max !== '1') return send(res, 403, PDS_ERRORS.maxResults(), echo);

    const matches = [...this.records.byNhsNumber.values()].filter((p) => matchesQuery(p, q));
    if (matches.length > 1) return send(res, 200, PDS_ERRORS.tooManyMatches(), echo);
    const bundle: Bundle<Patient> = {
      resourceType: 'Bundle',
      type: 'searchset',
      timestamp: new Date().toISOString(),
      total: matches.length,
    };
    if (matches.length === 1) {
      bundle.entry = [{ fullUrl: `${this.baseUrl()}/Patient/${matches[0].id}`, search: { score: 1 }, resource: matches[0] }];
    }
    send(res, 200, bundle, echo);
  }
}

function like(value: string | undefined, pattern: string): boolean {
  if (!value) return false;
  // eslint-disable-next-line security/detect-non-literal-regexp -- metacharacters are escaped; the value side is the sandbox's own stored names and postcodes (tens of characters), which bounds any backtracking
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(value.trim());
}

function usualName(p: Patient) {
  return p.name?.find((n) => n.use === 'usual') ?? p.name?.find((n) => n.use === 'official') ?? p.name?.[0];
}

export function matchesQuery(p: Patient, q: URLSearchParams): boolean {
  const name = usualName(p);
  const family = q.get('family');
  if (family && !like(name?.family, family)) return false;
  for (const g of q.getAll('given')) {
    if (!(name?.given ?? []).some((x) => like(x, g))) return false;
  }
  const gender = q.get('gender');
  if (gender && p.gender !== gender) return false;
  for (const b of q.getAll('birthdate')) {
    const [, prefix = 'eq', date] = DATE_PARAM.exec(b)!;
    if (!p.birthDate) return false;
    if (prefix === 'eq' && p.birthDate !== date) return false;
    if (prefix === 'ge' && p.birthDate < date) return false;
    if (prefix === 'le' && p.birthDate > date) return false;
  }
  const postcode = q.get('address-postalcode') ?? q.get('address-postcode');
  if (postcode) {
    const norm = (s: string) => s.replace(/\s+/g, '').toUpperCase();
    if (!(p.address ?? []).some((a) => a.postalCode && like(norm(a.postalCode), norm(postcode)))) return false;
  }
  const gp = q.get('general-practitioner');
  if (gp && !(p.generalPractitioner ?? []).some((g) => g.identifier?.value === gp)) return false;
  return true;
}
