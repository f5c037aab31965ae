import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import { AuditConfig, AuditService } from '@gw/audit';
import type { IheHandler, SoapReply, SoapRequest } from '../soap-handler';
import { SoapFault } from '../soap-fault';
import { parseXml } from '../xml/parse-xml';
import { runTransaction } from './run-transaction';

const REQUEST: SoapRequest = {
  transaction: 'ITI-47',
  action: 'urn:test',
  body: parseXml('<t:Q xmlns:t="urn:test"/>'),
  attachments: new Map(),
  identity: { source: 'saml', subjectId: 'dr-a' },
  requestId: 'rq-run',
};

const REPLY: SoapReply = {
  action: 'urn:test:R',
  bodyXml: '<t:R xmlns:t="urn:test"/>',
  report: {
    status: 'AA/OK',
    summary: '(success)',
    audit: [
      { outcome: 'success', nhsNumber: '9690937278', detail: 'AA/OK:pds' },
      { outcome: 'refused', detail: 'other', requester: { source: 'default', homeCommunityId: 'urn:oid:1.2' } },
    ],
  },
};

async function count(transaction: string, status: string, error = 'none'): Promise<number> {
  const m = await register.getSingleMetric('gw_ihe_responses_total')?.get();
  const v = m?.values.find((x) => x.labels.transaction === transaction && x.labels.status === status && x.labels.error === error);
  return v?.value ?? 0;
}

describe('runTransaction', () => {
  const logger = new Logger('Test');
  let audit: AuditService;
  beforeEach(() => {
    audit = new AuditService(Object.assign(new AuditConfig(), { AUDIT_PSEUDONYM_KEY: 'k'.repeat(32) }));
  });

  it("records the reply's audit entries with the transaction, request id and requester filled in, and counts the answer", async () => {
    const before = await count('ITI-47', 'AA/OK');
    const reply = await runTransaction({ handle: async () => REPLY }, REQUEST, audit, logger);
    expect(reply).toBe(REPLY);
    expect(audit.recent().map((r) => [r.transaction, r.requestId, r.outcome, r.requester.subjectId, r.requester.homeCommunityId])).toEqual([
      ['ITI-47', 'rq-run', 'success', 'dr-a', undefined],
      ['ITI-47', 'rq-run', 'refused', undefined, 'urn:oid:1.2'],
    ]);
    expect(audit.recent()[0].patientPseudonym).toBe(audit.pseudonymise('9690937278'));
    expect(await count('ITI-47', 'AA/OK')).toBe(before + 1);
  });

  it("answers an unexpected error with the handler's internalError reply, audited like any other", async () => {
    const handler: IheHandler = {
      handle: async () => {
        throw new Error('the cache broke');
      },
      internalError: (req) => ({
        action: 'urn:test:R',
        bodyXml: `<t:Err xmlns:t="urn:test" ref="${req.requestId}"/>`,
        report: { status: 'Failure', error: 'XDSRegistryError', audit: [{ outcome: 'error', detail: 'internal-error' }] },
      }),
    };
    const reply = await runTransaction(handler, { ...REQUEST, transaction: 'ITI-38' }, audit, logger);
    expect(reply.bodyXml).toBe('<t:Err xmlns:t="urn:test" ref="rq-run"/>');
    expect(audit.recent().map((r) => [r.transaction, r.outcome, r.detail])).toEqual([['ITI-38', 'error', 'internal-error']]);
  });

  it('leaves a SoapFault, and any error of a handler without internalError, to the edge', async () => {
    const fault = SoapFault.sender('no');
    const faulty: IheHandler = {
      handle: async () => {
        throw fault;
      },
      internalError: () => REPLY,
    };
    await expect(runTransaction(faulty, REQUEST, audit, logger)).rejects.toBe(fault);
    const plain: IheHandler = {
      handle: async () => {
        throw new Error('x');
      },
    };
    await expect(runTransaction(plain, REQUEST, audit, logger)).rejects.toThrow('x');
    expect(audit.recent()).toEqual([]);
  });
});
