/**
 * The production-dependency audit policy, as pure functions over `npm audit --json` (report
 * version 2) and the allow-list, so it can be tested on canned reports.
 *
 * - A high or critical advisory in a production dependency fails, unless the allow-list names it
 *   (GHSA id, advisory URL or npm advisory number) with a reason and an expiry date still ahead.
 * - An expired or malformed allow-list entry fails, whether or not its advisory is still reported.
 * - Low and moderate advisories are listed, never fatal.
 * - A report npm could not produce (registry unreachable, advisory endpoint refused) is
 *   "unavailable": the caller decides whether that fails (see scripts/audit.ts).
 */

export const BLOCKING_SEVERITIES = ['high', 'critical'] as const;

export interface AllowEntry {
  id: string;
  reason: string;
  expires: string;
}

export interface Advisory {
  /** GHSA id when the URL carries one, else the npm advisory number. */
  id: string;
  url: string;
  source?: number;
  severity: string;
  /** The vulnerable package. */
  name: string;
  title: string;
}

export interface AuditVerdict {
  status: 'pass' | 'fail' | 'unavailable';
  blocking: Advisory[];
  allowed: Advisory[];
  nonBlocking: Advisory[];
  /** Allow-list problems that fail the run (expired, malformed). */
  listErrors: string[];
  /** Entries that match no reported advisory: safe to remove. */
  unused: AllowEntry[];
  /** Why the report is unavailable. */
  unavailableReason?: string;
}

interface ViaObject {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
}

/** The advisories of one report, one per advisory (a package reached by several paths counts once). */
export function advisoriesOf(report: unknown): Advisory[] | string {
  if (!report || typeof report !== 'object') return 'npm audit printed no JSON report';
  const r = report as {
    auditReportVersion?: number;
    vulnerabilities?: Record<string, { via?: unknown[] }>;
    error?: { summary?: string };
    message?: string;
  };
  if (r.auditReportVersion !== 2 || !r.vulnerabilities) {
    return r.error?.summary || r.message || 'npm audit printed no report (auditReportVersion 2 expected)';
  }
  const seen = new Map<string, Advisory>();
  for (const vuln of Object.values(r.vulnerabilities)) {
    for (const via of vuln.via ?? []) {
      // A string names another vulnerable package: its own entry carries the advisory.
      if (typeof via !== 'object' || via === null) continue;
      const v = via as ViaObject;
      const url = v.url ?? '';
      const ghsa = /\/(GHSA-\w{4}-\w{4}-\w{4})$/i.exec(url)?.[1];
      const id = ghsa ?? String(v.source ?? url);
      if (!seen.has(id))
        seen.set(id, { id, url, source: v.source, severity: v.severity ?? 'unknown', name: v.name ?? '?', title: v.title ?? '' });
    }
  }
  return [...seen.values()];
}

/** The entries of an allow-list file's JSON, with each entry's problems. */
export function checkAllowList(list: unknown, today: string): { entries: AllowEntry[]; errors: string[] } {
  const errors: string[] = [];
  const raw = (list as { exceptions?: unknown })?.exceptions;
  if (!Array.isArray(raw)) return { entries: [], errors: ['the allow-list must be {"exceptions": [...]}'] };
  const entries: AllowEntry[] = [];
  raw.forEach((e: Partial<AllowEntry>, i) => {
    const label = `exception ${i + 1}${e?.id ? ` (${e.id})` : ''}`;
    if (!e || typeof e.id !== 'string' || !e.id.trim())
      return errors.push(`${label}: no id (GHSA id, advisory URL or npm advisory number)`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 10) return errors.push(`${label}: no reason`);
    if (typeof e.expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.expires) || Number.isNaN(Date.parse(e.expires)))
      return errors.push(`${label}: expires must be a YYYY-MM-DD date`);
    if (e.expires < today) return errors.push(`${label}: expired on ${e.expires}; fix the dependency or renew with a new reason`);
    entries.push({ id: e.id.trim(), reason: e.reason, expires: e.expires });
  });
  return { entries, errors };
}

function names(entry: AllowEntry, a: Advisory): boolean {
  const id = entry.id.toLowerCase();
  return id === a.id.toLowerCase() || id === a.url.toLowerCase() || (a.source !== undefined && id === String(a.source));
}

/** The verdict for one audit report against the allow-list on a given day (YYYY-MM-DD, UTC). */
export function judge(report: unknown, allowList: unknown, today: string): AuditVerdict {
  const { entries, errors: listErrors } = checkAllowList(allowList, today);
  const advisories = advisoriesOf(report);
  if (typeof advisories === 'string') {
    return {
      status: listErrors.length ? 'fail' : 'unavailable',
      blocking: [],
      allowed: [],
      nonBlocking: [],
      listErrors,
      unused: [],
      unavailableReason: advisories,
    };
  }
  const blocking: Advisory[] = [];
  const allowed: Advisory[] = [];
  const nonBlocking: Advisory[] = [];
  for (const a of advisories) {
    if (!(BLOCKING_SEVERITIES as readonly string[]).includes(a.severity)) nonBlocking.push(a);
    else if (entries.some((e) => names(e, a))) allowed.push(a);
    else blocking.push(a);
  }
  const unused = entries.filter((e) => !advisories.some((a) => names(e, a)));
  const status = blocking.length || listErrors.length ? 'fail' : 'pass';
  return { status, blocking, allowed, nonBlocking, listErrors, unused };
}
