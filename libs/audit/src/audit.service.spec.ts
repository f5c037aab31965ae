import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'prom-client';
import { FileJournalOutbox } from './outbox/file-journal.outbox';
import { AuditConfig } from './audit.config';
import { AuditService } from './audit.service';

function sut(key?: string, recentMax = 3): AuditService {
  return new AuditService(Object.assign(new AuditConfig(), { AUDIT_PSEUDONYM_KEY: key, AUDIT_RECENT_MAX: recentMax }));
}

describe('AuditService', () => {
  it('pseudonymises NHS numbers with HMAC-SHA-256 under its own key', () => {
    const a = sut('first-key-0123456789abcdef');
    const expected = createHmac('sha256', 'first-key-0123456789abcdef').update('9690937278').digest('hex').slice(0, 32);
    expect(a.pseudonymise('969 093 7278')).toBe(expected);
    expect(sut('other-key-0123456789abcdef').pseudonymise('9690937278')).not.toBe(expected);
  });

  it('records who asked and why, with the pseudonym instead of the NHS number', () => {
    const a = sut('first-key-0123456789abcdef');
    const rec = a.record({
      transaction: 'ITI-55',
      requestId: 'req-1',
      outcome: 'success',
      nhsNumber: '9690937278',
      requester: {
        source: 'saml',
        subjectId: 'SMITH, John',
        organizationId: 'urn:oid:1.2.3',
        homeCommunityId: 'urn:oid:1.2.3.4',
        role: { code: '224608005', codeSystem: '2.16.840.1.113883.6.96' },
        purposeOfUse: { code: 'TREATMENT', codeSystem: '2.16.840.1.113883.3.18.7.1' },
      },
    });
    expect(rec).toMatchObject({
      transaction: 'ITI-55',
      outcome: 'success',
      patientPseudonym: a.pseudonymise('9690937278'),
      requester: {
        subjectId: 'SMITH, John',
        purposeOfUse: 'TREATMENT@2.16.840.1.113883.3.18.7.1',
        role: '224608005@2.16.840.1.113883.6.96',
        source: 'saml',
      },
    });
    expect(JSON.stringify(rec)).not.toContain('9690937278');
  });

  it('keeps a bounded list of recent records', () => {
    const a = sut(undefined, 2);
    for (const id of ['a', 'b', 'c'])
      a.record({ transaction: 'ITI-47', requestId: id, outcome: 'not-found', requester: { source: 'default' } });
    expect(a.recent().map((r) => r.requestId)).toEqual(['b', 'c']);
  });

  it('gives each record a stable id and queues it in the outbox; past the cap it counts the record, which stays in the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-service-'));
    try {
      const outbox = new FileJournalOutbox(dir, 100);
      const a = new AuditService(
        Object.assign(new AuditConfig(), { AUDIT_PSEUDONYM_KEY: 'k'.repeat(32), AUDIT_OUTBOX_MAX_RECORDS: 100 }),
        outbox,
      );
      const overflowBefore = (await register.getSingleMetric('gw_audit_outbox_overflow_total')!.get()).values[0]?.value ?? 0;
      const recs = Array.from({ length: 101 }, (_, i) =>
        a.record({ transaction: 'ITI-38', requestId: `r${i}`, outcome: 'success', requester: { source: 'default' } }),
      );
      expect(new Set(recs.map((r) => r.id)).size).toBe(101);
      expect(await a.backlog()).toBe(100);
      expect((await a.stored(1))[0].id).toBe(recs[99].id);
      const overflowAfter = (await register.getSingleMetric('gw_audit_outbox_overflow_total')!.get()).values[0].value;
      expect(overflowAfter - overflowBefore).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
