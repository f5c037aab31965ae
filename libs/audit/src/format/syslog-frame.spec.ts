import type { AuditRecord } from '../audit-event';
import { dicomAuditMessage } from './dicom-audit-message';
import { octetCounted, syslogMessage } from './syslog-frame';

const rec: AuditRecord = {
  id: '0b6f1c2e-0000-4000-8000-000000000001',
  at: '2026-12-03T12:00:00.000Z',
  transaction: 'ITI-39',
  requestId: 'req-"1"]',
  outcome: 'refused',
  requester: {
    source: 'saml',
    subjectId: 'Dr <A> & "B"',
    homeCommunityId: 'urn:oid:1.2.3',
    purposeOfUse: 'TREATMENT@2.16.840.1.113883.3.18.7.1',
  },
  patientPseudonym: 'f'.repeat(32),
  documentIds: ['2.25.42'],
};

describe('syslog frame and DICOM audit message', () => {
  it('frames an RFC 5424 message with the ATNA MSGID, the stable id as structured data, and its byte length (RFC 5425)', () => {
    const msg = syslogMessage(rec, 'gw host 1', '<AuditMessage/>');
    expect(msg).toBe(
      `<85>1 2026-12-03T12:00:00.000Z gwhost1 gp-record-gateway ${process.pid} IHE+RFC-3881 ` +
        `[gw-audit@32473 id="0b6f1c2e-0000-4000-8000-000000000001" requestId="req-\\"1\\"\\]"] \uFEFF<AuditMessage/>`,
    );
    const frame = octetCounted(msg);
    const [len] = frame.toString('utf8').split(' ', 1);
    expect(Number(len)).toBe(Buffer.byteLength(msg));
  });

  it('writes the event, outcome, requester, patient pseudonym and documents, escaped', () => {
    const xml = dicomAuditMessage(rec, { sourceId: 'gw-1', siteId: 'RXX' });
    expect(xml).toContain('<EventIdentification EventActionCode="R" EventDateTime="2026-12-03T12:00:00.000Z" EventOutcomeIndicator="8">');
    expect(xml).toContain('<EventID csd-code="110106" codeSystemName="DCM" originalText="Export"/>');
    expect(xml).toContain('<EventTypeCode csd-code="ITI-39" codeSystemName="IHE Transactions" originalText="Cross Gateway Retrieve"/>');
    expect(xml).toContain('UserID="Dr &lt;A&gt; &amp; &quot;B&quot;" AlternativeUserID="urn:oid:1.2.3" UserIsRequestor="true"');
    expect(xml).toContain(`ParticipantObjectID="${'f'.repeat(32)}" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1"`);
    expect(xml).toContain('ParticipantObjectID="2.25.42" ParticipantObjectTypeCode="2"');
    expect(xml).toContain('AuditEnterpriseSiteID="RXX" AuditSourceID="gw-1"');
  });
});
