import { judge } from '../../scripts/audit/audit-policy';

// Canned `npm audit --omit=dev --json` output (report version 2): one critical advisory reached
// through two packages, one high, one moderate.
const REPORT = {
  auditReportVersion: 2,
  vulnerabilities: {
    'xml-thing': {
      name: 'xml-thing',
      severity: 'critical',
      via: [
        {
          source: 1100001,
          name: 'xml-thing',
          title: 'Prototype pollution',
          url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
          severity: 'critical',
        },
      ],
    },
    'wraps-xml-thing': { name: 'wraps-xml-thing', severity: 'critical', via: ['xml-thing'] },
    'http-thing': {
      name: 'http-thing',
      severity: 'high',
      via: [
        {
          source: 1100002,
          name: 'http-thing',
          title: 'Request smuggling',
          url: 'https://github.com/advisories/GHSA-dddd-eeee-ffff',
          severity: 'high',
        },
      ],
    },
    'log-thing': {
      name: 'log-thing',
      severity: 'moderate',
      via: [
        {
          source: 1100003,
          name: 'log-thing',
          title: 'Log injection',
          url: 'https://github.com/advisories/GHSA-gggg-hhhh-jjjj',
          severity: 'moderate',
        },
      ],
    },
  },
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 2, total: 4 } },
};
const CLEAN = { auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { total: 0 } } };
const TODAY = '2026-12-03';
const allow = (...exceptions: object[]) => ({ exceptions });
const REASON = 'the parser is only reached with the gateway’s own constant input';

describe('production dependency audit policy', () => {
  it('passes a clean report with an empty allow-list', () => {
    expect(judge(CLEAN, allow(), TODAY).status).toBe('pass');
  });

  it('fails on each high and critical advisory, counting an advisory reached by two packages once', () => {
    const v = judge(REPORT, allow(), TODAY);
    expect(v.status).toBe('fail');
    expect(v.blocking.map((a) => a.id).sort()).toEqual(['GHSA-aaaa-bbbb-cccc', 'GHSA-dddd-eeee-ffff']);
    expect(v.nonBlocking.map((a) => a.id)).toEqual(['GHSA-gggg-hhhh-jjjj']);
  });

  it('lets a listed advisory through while its entry is unexpired, by GHSA id, URL or npm number', () => {
    const v = judge(
      REPORT,
      allow({ id: 'GHSA-aaaa-bbbb-cccc', reason: REASON, expires: '2027-01-31' }, { id: '1100002', reason: REASON, expires: TODAY }),
      TODAY,
    );
    expect(v.status).toBe('pass');
    expect(v.allowed).toHaveLength(2);
    const byUrl = judge(
      REPORT,
      allow({ id: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', reason: REASON, expires: '2027-01-31' }),
      TODAY,
    );
    expect(byUrl.blocking.map((a) => a.id)).toEqual(['GHSA-dddd-eeee-ffff']);
  });

  it('fails on an expired entry, even when its advisory is no longer reported', () => {
    const v = judge(CLEAN, allow({ id: 'GHSA-aaaa-bbbb-cccc', reason: REASON, expires: '2026-12-02' }), TODAY);
    expect(v.status).toBe('fail');
    expect(v.listErrors[0]).toMatch(/expired on 2026-12-02/);
  });

  it('fails on an entry without a reason or a valid expiry date', () => {
    expect(judge(CLEAN, allow({ id: 'GHSA-aaaa-bbbb-cccc', expires: '2027-01-31' }), TODAY).listErrors).toEqual([
      'exception 1 (GHSA-aaaa-bbbb-cccc): no reason',
    ]);
    expect(judge(CLEAN, allow({ id: 'GHSA-aaaa-bbbb-cccc', reason: REASON, expires: 'next spring' }), TODAY).status).toBe('fail');
    expect(judge(CLEAN, { ignore: [] }, TODAY).status).toBe('fail');
  });

  it('names entries that match nothing, so they can be removed', () => {
    const v = judge(CLEAN, allow({ id: 'GHSA-zzzz-zzzz-zzzz', reason: REASON, expires: '2027-01-31' }), TODAY);
    expect(v.status).toBe('pass');
    expect(v.unused.map((e) => e.id)).toEqual(['GHSA-zzzz-zzzz-zzzz']);
  });

  it('reports an audit npm could not run as unavailable, never as a pass', () => {
    const refused = { message: '405 Method Not Allowed - POST /-/npm/v1/security/advisories/bulk', statusCode: 405 };
    const v = judge(refused, allow(), TODAY);
    expect(v.status).toBe('unavailable');
    expect(v.unavailableReason).toMatch(/405/);
    expect(judge(undefined, allow(), TODAY).status).toBe('unavailable');
  });

  it('still fails an expired entry when the audit is unavailable', () => {
    expect(judge(undefined, allow({ id: 'GHSA-aaaa-bbbb-cccc', reason: REASON, expires: '2026-01-01' }), TODAY).status).toBe('fail');
  });
});
