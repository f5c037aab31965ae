import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AuditConfig, AuditService } from '@gw/audit';
import type { KeyvStore } from '@gw/cache';
import { IheConfig, Iti38Handler, Iti39Handler } from '@gw/ihe';
import { Logger } from '@nestjs/common';
import { buildEnvelope, buildMtom, parseXml, runTransaction, type IheHandler, type SoapReply, type SoapRequest } from '@gw/soap';
import type { GpRecordOutcome } from '@gw/gp-connect';
import { IHE_MESSAGES, validateIheMessage } from './conformance.util';
import { FakeRenderer, xcaTestConfig, OpenPds, record, REQUESTER, ScriptedFetcher, testRedisStore, xcaServices } from './fake-upstream';
import { GpRecordDocumentService, GpRecordStore } from '@gw/gp-record';
import { PatientIdMapStore } from '@gw/patient';

const NHS = '9690937286';
const PID = `${NHS}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`;
const FIND_OBJECTREF = path.join(IHE_MESSAGES, 'iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml');
const GET_LEAFCLASS = path.join(IHE_MESSAGES, 'iti-38/request/nist-testkit-12307-getdocs-leafclass.TEMPLATE.xml');
const RETRIEVE_TWO = path.join(IHE_MESSAGES, 'iti-39/request/nist-testkit-12308-retrieve-two.TEMPLATE.xml');

function template(file: string, vars: Record<string, string>): string {
  let s = readFileSync(file, 'utf8');
  for (const [k, v] of Object.entries(vars)) s = s.split(k).join(v);
  return s;
}

function soapRequest(xml: string, transaction: string, requestId = 'rq-1'): SoapRequest {
  const root = parseXml(xml);
  const body = root.local === 'Envelope' ? root.children.find((c) => c.local === 'Body')!.children[0] : root;
  return { transaction, action: '', body, attachments: new Map(), identity: REQUESTER, requestId };
}

/** A handler run as the dispatcher runs it: audited from its report, an unexpected error answered by the handler. */
function dispatched(handler: IheHandler, audit: AuditService): IheHandler {
  return { handle: (req) => runTransaction(handler, req, audit, new Logger('Test')) };
}

function findLeafClass(patient = PID, extra = ''): string {
  return template(FIND_OBJECTREF, { $patient_id$: patient })
    .replace('returnType="ObjectRef"', 'returnType="LeafClass"')
    .replace('</AdhocQuery>', `${extra}</AdhocQuery>`);
}

function envelope(reply: SoapReply): string {
  return buildEnvelope({ action: reply.action, relatesTo: 'urn:uuid:0fbfdced-6c01-4d09-a110-2201afedaa02' }, reply.bodyXml);
}

/** An MTOM response exactly as the SOAP edge frames it, with the HTTP Content-Type line in front. */
function mtomResponse(reply: SoapReply): Buffer {
  const m = buildMtom(envelope(reply), reply.attachments ?? [], reply.action);
  return Buffer.concat([Buffer.from(`Content-Type: ${m.contentType}\r\n\r\n`), m.body]);
}

function attrValues(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]);
}

describe('ITI-38 / ITI-39 handlers (real Redis, validate.sh on every response)', () => {
  let kv: KeyvStore;
  let fetcher: ScriptedFetcher;
  let audit: AuditService;
  let ihe: IheConfig;
  let h38: IheHandler;
  let h39: IheHandler;
  let mapStore: PatientIdMapStore;

  beforeEach(() => {
    kv = testRedisStore();
    ihe = new IheConfig();
    fetcher = new ScriptedFetcher(async (nhs) => record(nhs));
    const cfg = xcaTestConfig({ XCA_UPSTREAM_DEADLINE_MS: 5_000 });
    const docs = new GpRecordDocumentService(fetcher.asFetcher(), new FakeRenderer(), new GpRecordStore(kv), cfg);
    mapStore = new PatientIdMapStore(kv, cfg);
    audit = new AuditService(Object.assign(new AuditConfig(), { AUDIT_PSEUDONYM_KEY: 'k'.repeat(32) }));
    const xca = xcaServices(docs, kv, ihe, cfg);
    h38 = dispatched(new Iti38Handler(xca.query, ihe), audit);
    h39 = dispatched(new Iti39Handler(xca.retrieve, ihe), audit);
  });
  afterEach(() => kv.close());

  async function expectValid(content: string | Buffer): Promise<void> {
    const r = await validateIheMessage(content, Buffer.isBuffer(content) ? 'response.mime' : 'response.xml');
    if (r.code !== 0) throw new Error(r.output);
  }

  it('FindDocuments LeafClass → one complete Stable entry; GetDocuments by entryUUID → the same entry; retrieve → the described bytes', async () => {
    const q = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    expect(q.action).toBe('urn:ihe:iti:2007:CrossGatewayQueryResponse');
    expect(q.bodyXml).toContain('ResponseStatusType:Success');
    expect(q.bodyXml.match(/<rim:ExtrinsicObject /g)).toHaveLength(1);
    await expectValid(envelope(q));

    const [entryUuid] = attrValues(q.bodyXml, 'ExtrinsicObject id');
    const uniqueId = q.bodyXml.match(/identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/)![1];
    const hash = q.bodyXml.match(/<rim:Slot name="hash"><rim:ValueList><rim:Value>([0-9a-f]{40})</)![1];
    const size = Number(q.bodyXml.match(/<rim:Slot name="size"><rim:ValueList><rim:Value>(\d+)</)![1]);
    expect(q.bodyXml).toContain(`${NHS}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`);

    const g = await h38.handle(
      soapRequest(template(GET_LEAFCLASS, { $home: ihe.HOME_COMMUNITY_ID, "'$doc_uuid_1$', '$doc_uuid_2$'": `'${entryUuid}'` }), 'ITI-38'),
    );
    expect(attrValues(g.bodyXml, 'ExtrinsicObject id')).toEqual([entryUuid]);
    await expectValid(envelope(g));

    const retrieve = template(RETRIEVE_TWO, {
      $home$: ihe.HOME_COMMUNITY_ID,
      $repositoryuid$: ihe.REPOSITORY_UNIQUE_ID,
      $docuid1$: uniqueId,
      $docuid2$: uniqueId,
    });
    const r = await h39.handle(soapRequest(retrieve, 'ITI-39'));
    expect(r.bodyXml).toContain('ResponseStatusType:Success');
    expect(r.attachments).toHaveLength(2);
    for (const a of r.attachments!) {
      expect(a.data.length).toBe(size);
      expect(createHash('sha1').update(a.data).digest('hex')).toBe(hash);
      expect(a.contentType).toBe('text/xml');
    }
    await expectValid(mtomResponse(r));
    expect(fetcher.calls).toBe(1);
  });

  it('a cached document is not served while PDS cannot confirm the patient: retryable registry errors, no content', async () => {
    const pds = new OpenPds();
    const cfg = xcaTestConfig({ XCA_PATIENT_STATUS_TTL_S: 0 });
    const docs = new GpRecordDocumentService(fetcher.asFetcher(), new FakeRenderer(), new GpRecordStore(kv), cfg);
    const xca = xcaServices(docs, kv, ihe, cfg, pds);
    const h = dispatched(new Iti38Handler(xca.query, ihe), audit);
    const first = await h.handle(soapRequest(findLeafClass(), 'ITI-38'));
    const uid = first.bodyXml.match(/identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/)![1];
    pds.read = async () => ({ kind: 'timeout' });
    const q = await h.handle(soapRequest(findLeafClass(), 'ITI-38'));
    expect(attrValues(q.bodyXml, 'errorCode')).toEqual(['XDSRegistryError']);
    expect(q.bodyXml).not.toContain(uid);
    await expectValid(envelope(q));
    const r = await dispatched(new Iti39Handler(xca.retrieve, ihe), audit).handle(
      soapRequest(
        template(RETRIEVE_TWO, {
          $home$: ihe.HOME_COMMUNITY_ID,
          $repositoryuid$: ihe.REPOSITORY_UNIQUE_ID,
          $docuid1$: uid,
          $docuid2$: uid,
        }),
        'ITI-39',
      ),
    );
    expect(attrValues(r.bodyXml, 'errorCode')).toEqual(['XDSRepositoryError', 'XDSRepositoryError']);
    expect(r.attachments ?? []).toHaveLength(0);
    await expectValid(mtomResponse(r));
    expect(fetcher.calls).toBe(1);
  });

  it('GetDocuments by uniqueId (ObjectRef and LeafClass), unknown ids simply not returned', async () => {
    const q = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    const uid = q.bodyXml.match(/identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/)![1];
    const [entryUuid] = attrValues(q.bodyXml, 'ExtrinsicObject id');
    const byUid = (rt: string) =>
      template(GET_LEAFCLASS, { $home: ihe.HOME_COMMUNITY_ID })
        .replace('returnType="LeafClass"', `returnType="${rt}"`)
        .replace('$XDSDocumentEntryEntryUUID', '$XDSDocumentEntryUniqueId')
        .replace("'$doc_uuid_1$', '$doc_uuid_2$'", `'${uid}', '2.25.424242'`);
    const refs = await h38.handle(soapRequest(byUid('ObjectRef'), 'ITI-38'));
    expect(attrValues(refs.bodyXml, 'ObjectRef id')).toEqual([entryUuid]);
    await expectValid(refs.bodyXml);
    const leaf = await h38.handle(soapRequest(byUid('LeafClass'), 'ITI-38'));
    expect(attrValues(leaf.bodyXml, 'ExtrinsicObject id')).toEqual([entryUuid]);
    expect(leaf.bodyXml).toContain('ResponseStatusType:Success');
    await expectValid(leaf.bodyXml);
  });

  it('ObjectRef FindDocuments returns ObjectRefs with home', async () => {
    const q = await h38.handle(soapRequest(template(FIND_OBJECTREF, { $patient_id$: PID }), 'ITI-38'));
    expect(q.bodyXml).toMatch(new RegExp(`<rim:ObjectRef id="urn:uuid:[0-9a-f-]{36}" home="${ihe.HOME_COMMUNITY_ID}"/>`));
    await expectValid(q.bodyXml);
  });

  it('a mapped CEID finds the same document as the NHS number', async () => {
    const ceidRoot = '1.2.840.114350.1.13.525.3.7.3.688884.100';
    await mapStore.put(ceidRoot, 'ABC123', NHS, 'admin');
    const q = await h38.handle(soapRequest(findLeafClass(`ABC123^^^&amp;${ceidRoot}&amp;ISO`), 'ITI-38'));
    expect(q.bodyXml.match(/<rim:ExtrinsicObject /g)).toHaveLength(1);
    expect(q.bodyXml).toContain(`${NHS}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`);
    await expectValid(q.bodyXml);
    const unmapped = await h38.handle(soapRequest(findLeafClass(`ZZZ999^^^&amp;${ceidRoot}&amp;ISO`), 'ITI-38'));
    expect(unmapped.bodyXml).toContain('errorCode="XDSUnknownPatientId"');
  });

  it('On-Demand is offered only when asked, and its retrieve names the generated instance', async () => {
    const both =
      "<Slot name=\"$XDSDocumentEntryType\"><ValueList><Value>('urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1','urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248')</Value></ValueList></Slot>";
    const q = await h38.handle(soapRequest(findLeafClass(PID, both), 'ITI-38'));
    expect(attrValues(q.bodyXml, 'objectType').filter((t) => t.startsWith('urn:uuid:'))).toEqual([
      'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1',
      'urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248',
    ]);
    await expectValid(q.bodyXml);
    const uids = [...q.bodyXml.matchAll(/identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/g)].map(
      (m) => m[1],
    );
    const r = await h39.handle(
      soapRequest(
        template(RETRIEVE_TWO, {
          $home$: ihe.HOME_COMMUNITY_ID,
          $repositoryuid$: ihe.REPOSITORY_UNIQUE_ID,
          $docuid1$: uids[1],
          $docuid2$: uids[0],
        }),
        'ITI-39',
      ),
    );
    expect(r.bodyXml).toContain(
      `<xdsb:DocumentUniqueId>${uids[1]}</xdsb:DocumentUniqueId><xdsb:NewRepositoryUniqueId>${ihe.REPOSITORY_UNIQUE_ID}</xdsb:NewRepositoryUniqueId><xdsb:NewDocumentUniqueId>${uids[0]}</xdsb:NewDocumentUniqueId>`,
    );
    await expectValid(mtomResponse(r));
  });

  it.each<[string, GpRecordOutcome, string]>([
    ['restricted', { kind: 'restricted' }, 'XDSUnknownPatientId'],
    ['unknown to PDS', { kind: 'patient-not-found' }, 'XDSUnknownPatientId'],
    ['no consent', { kind: 'gp-connect-error', code: 'NO_PATIENT_CONSENT', httpStatus: 403 }, 'XDSRegistryError'],
    ['GP Connect 500', { kind: 'gp-connect-error', code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 }, 'XDSRegistryError'],
    ['PDS rate limit', { kind: 'rate-limited', service: 'pds' }, 'XDSRegistryBusy'],
    ['SDS timeout', { kind: 'timeout', service: 'sds' }, 'XDSRegistryError'],
  ])('%s → Failure with the mapped registry error, location = our home, valid', async (_n, upstream, code) => {
    fetcher.next = async () => upstream;
    const q = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    expect(q.bodyXml).toContain('ResponseStatusType:Failure');
    expect(attrValues(q.bodyXml, 'errorCode')).toEqual([code]);
    expect(attrValues(q.bodyXml, 'location')).toEqual([ihe.HOME_COMMUNITY_ID]);
    expect(q.bodyXml).not.toContain(NHS);
    await expectValid(envelope(q));
  });

  it('a slow upstream → XDSRegistryBusy at the deadline; the next query is served from the finished fetch', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    fetcher.next = async (nhs) => {
      await gate;
      return record(nhs);
    };
    const cfg = xcaTestConfig({ XCA_UPSTREAM_DEADLINE_MS: 150 });
    const docs = new GpRecordDocumentService(fetcher.asFetcher(), new FakeRenderer(), new GpRecordStore(kv), cfg);
    const h = dispatched(new Iti38Handler(xcaServices(docs, kv, ihe, cfg).query, ihe), audit);
    const busy = await h.handle(soapRequest(findLeafClass(), 'ITI-38'));
    expect(attrValues(busy.bodyXml, 'errorCode')).toEqual(['XDSRegistryBusy']);
    await expectValid(busy.bodyXml);
    release();
    const ok = await h.handle(soapRequest(findLeafClass(), 'ITI-38'));
    expect(ok.bodyXml.match(/<rim:ExtrinsicObject /g)).toHaveLength(1);
    expect(fetcher.calls).toBe(1);
  });

  it('XCA_NO_CONSENT_POLICY=empty answers no consent with Success and no documents', async () => {
    fetcher.next = async () => ({ kind: 'gp-connect-error', code: 'NO_PATIENT_CONSENT', httpStatus: 403 });
    const cfg = xcaTestConfig({ XCA_NO_CONSENT_POLICY: 'empty' });
    const docs = new GpRecordDocumentService(fetcher.asFetcher(), new FakeRenderer(), new GpRecordStore(kv), cfg);
    const h = dispatched(new Iti38Handler(xcaServices(docs, kv, ihe, cfg).query, ihe), audit);
    const q = await h.handle(soapRequest(findLeafClass(), 'ITI-38'));
    expect(q.bodyXml).toContain('ResponseStatusType:Success');
    expect(q.bodyXml).not.toContain('RegistryError');
    await expectValid(q.bodyXml);
  });

  it('a practice without GP Connect → Success, no entries, and a Warning that says why', async () => {
    fetcher.next = async () => ({ kind: 'practice-not-enabled', practiceOdsCode: 'A12345' });
    const q = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    expect(q.bodyXml).toContain('ResponseStatusType:Success');
    expect(q.bodyXml).toContain('severity="urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Warning"');
    await expectValid(q.bodyXml);
  });

  it('an internal failure (the cache throws against its contract) is a registry error, never a fault', async () => {
    const broken = Object.assign(Object.create(kv) as KeyvStore, {
      get: async () => {
        throw new Error('boom');
      },
    });
    const cfg = xcaTestConfig();
    const docs = new GpRecordDocumentService(fetcher.asFetcher(), new FakeRenderer(), new GpRecordStore(broken), cfg);
    const h = dispatched(new Iti38Handler(xcaServices(docs, kv, ihe, cfg).query, ihe), audit);
    const q = await h.handle(soapRequest(findLeafClass(), 'ITI-38', 'rq-broken'));
    expect(attrValues(q.bodyXml, 'errorCode')).toEqual(['XDSRegistryError']);
    expect(attrValues(q.bodyXml, 'codeContext')).toEqual(['Internal error; reference rq-broken.']);
    expect(q.bodyXml).not.toContain('boom');
    await expectValid(q.bodyXml);
    const xca = xcaServices(docs, kv, ihe, cfg);
    const r = await dispatched(new Iti39Handler(xca.retrieve, ihe), audit).handle(
      soapRequest(
        template(RETRIEVE_TWO, {
          $home$: ihe.HOME_COMMUNITY_ID,
          $repositoryuid$: ihe.REPOSITORY_UNIQUE_ID,
          $docuid1$: '2.25.1',
          $docuid2$: '2.25.2',
        }),
        'ITI-39',
        'rq-broken',
      ),
    );
    expect(attrValues(r.bodyXml, 'errorCode')).toEqual(['XDSRepositoryError']);
    await expectValid(mtomResponse(r));
  });

  it('an ignored parameter is reported as a Warning with every answer, successful or not', async () => {
    const bogus = '<Slot name="$XDSDocumentEntryBogus"><ValueList><Value>(\'x\')</Value></ValueList></Slot>';
    const ok = await h38.handle(soapRequest(findLeafClass(PID, bogus), 'ITI-38'));
    expect(ok.bodyXml).toContain('ResponseStatusType:Success');
    expect(attrValues(ok.bodyXml, 'severity')).toEqual(['urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Warning']);
    await expectValid(ok.bodyXml);
    fetcher.next = async () => ({ kind: 'restricted' });
    const failed = await h38.handle(soapRequest(findLeafClass(`9690937278^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`, bogus), 'ITI-38'));
    expect(attrValues(failed.bodyXml, 'errorCode')).toEqual(['XDSUnknownPatientId', 'XDSRegistryError']);
    expect(failed.bodyXml).toContain('ResponseStatusType:Failure');
    await expectValid(failed.bodyXml);
  });

  it('a restricted patient is answered exactly like an unknown one', async () => {
    fetcher.next = async () => ({ kind: 'restricted' });
    const a = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    fetcher.next = async () => ({ kind: 'patient-not-found' });
    const b = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    expect(a.bodyXml).toBe(b.bodyXml);
  });

  it('GP Connect PATIENT_NOT_FOUND is Success with no entries and no reason given', async () => {
    fetcher.next = async () => ({ kind: 'gp-connect-error', code: 'PATIENT_NOT_FOUND', httpStatus: 404 });
    const q = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    expect(q.bodyXml).toContain('ResponseStatusType:Success');
    expect(q.bodyXml).toContain('<rim:RegistryObjectList/>');
    expect(q.bodyXml).not.toContain('RegistryError');
    await expectValid(q.bodyXml);
  });

  it('the third-party NIST FindDocuments request (foreign assigning authority) → XDSUnknownPatientId, valid', async () => {
    const q = await h38.handle(
      soapRequest(readFileSync(path.join(IHE_MESSAGES, 'iti-38/request/nist-soap-xcq-req.xml'), 'utf8'), 'ITI-38'),
    );
    expect(attrValues(q.bodyXml, 'errorCode')).toEqual(['XDSUnknownPatientId']);
    await expectValid(q.bodyXml);
    expect(fetcher.calls).toBe(0);
  });

  it('the IPF request with an injection attempt in the patient id → XDSUnknownPatientId', async () => {
    const q = await h38.handle(
      soapRequest(readFileSync(path.join(IHE_MESSAGES, 'iti-38/request/ipf-iti18request-bodyonly.xml'), 'utf8'), 'ITI-38'),
    );
    expect(attrValues(q.bodyXml, 'errorCode')).toEqual(['XDSUnknownPatientId']);
    await expectValid(q.bodyXml);
  });

  it.each([
    [
      'unknown query id',
      'XDSUnknownStoredQuery',
      findLeafClass().replace('urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d', 'urn:uuid:11111111-2222-3333-4444-555555555555'),
    ],
    ['missing status', 'XDSStoredQueryMissingParam', findLeafClass().replace(/<Slot name="\$XDSDocumentEntryStatus">[\s\S]*?<\/Slot>/, '')],
    [
      'GetDocuments without home',
      'XDSMissingHomeCommunityId',
      template(GET_LEAFCLASS, { ' home="$home"': '', $doc_uuid_1$: 'urn:uuid:a', $doc_uuid_2$: 'urn:uuid:b' }),
    ],
    [
      'GetDocuments other home',
      'XDSUnknownCommunity',
      template(GET_LEAFCLASS, { $home: 'urn:oid:1.2.3', $doc_uuid_1$: 'urn:uuid:a', $doc_uuid_2$: 'urn:uuid:b' }),
    ],
  ])('%s → %s', async (_n, code, xml) => {
    const q = await h38.handle(soapRequest(xml, 'ITI-38'));
    expect(attrValues(q.bodyXml, 'errorCode')).toEqual([code]);
    await expectValid(q.bodyXml);
  });

  it('ITI-39: unknown document, foreign repository and community, missing home → one error each; PartialSuccess with the found one', async () => {
    const q = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    const uid = q.bodyXml.match(/identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/)![1];
    const req = (home: string | undefined, repo: string, id: string) =>
      `<DocumentRequest>${home === undefined ? '' : `<HomeCommunityId>${home}</HomeCommunityId>`}<RepositoryUniqueId>${repo}</RepositoryUniqueId><DocumentUniqueId>${id}</DocumentUniqueId></DocumentRequest>`;
    const xml =
      `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007">` +
      req(ihe.HOME_COMMUNITY_ID, ihe.REPOSITORY_UNIQUE_ID, uid) +
      req(ihe.HOME_COMMUNITY_ID, ihe.REPOSITORY_UNIQUE_ID, '2.25.12345') +
      req(ihe.HOME_COMMUNITY_ID, '1.2.3.4', uid) +
      req('urn:oid:1.2.3', ihe.REPOSITORY_UNIQUE_ID, uid) +
      req(undefined, ihe.REPOSITORY_UNIQUE_ID, uid) +
      `</RetrieveDocumentSetRequest>`;
    const r = await h39.handle(soapRequest(xml, 'ITI-39'));
    expect(r.bodyXml).toContain('urn:ihe:iti:2007:ResponseStatusType:PartialSuccess');
    expect(attrValues(r.bodyXml, 'errorCode')).toEqual([
      'XDSDocumentUniqueIdError',
      'XDSUnknownRepositoryId',
      'XDSUnknownCommunity',
      'XDSMissingHomeCommunityId',
    ]);
    expect(r.attachments).toHaveLength(1);
    await expectValid(mtomResponse(r));

    const none = await h39.handle(soapRequest(xml.replace(new RegExp(uid.replace(/\./g, '\\.'), 'g'), '2.25.9'), 'ITI-39'));
    expect(none.bodyXml).toContain('ResponseStatusType:Failure');
    expect(none.bodyXml).not.toContain('DocumentResponse');
    expect(none.attachments).toEqual([]);
    await expectValid(mtomResponse(none));
  });

  it('XUA resource-id: another patient is neither queried nor retrieved; the named patient is', async () => {
    const q = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    const uid = q.bodyXml.match(/identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/)![1];
    const [entryUuid] = attrValues(q.bodyXml, 'ExtrinsicObject id');
    const as = (nhs: string, xml: string, t: string): SoapRequest => ({
      ...soapRequest(xml, t),
      identity: { ...REQUESTER, source: 'saml', resourceId: `${nhs}^^^&2.16.840.1.113883.2.1.4.1&ISO` },
    });
    const other = '9690937278';
    const calls = fetcher.calls;
    const find = await h38.handle(as(other, findLeafClass(), 'ITI-38'));
    expect(attrValues(find.bodyXml, 'errorCode')).toEqual(['XDSRegistryError']);
    expect(fetcher.calls).toBe(calls);
    expect(audit.recent().at(-1)).toMatchObject({
      transaction: 'ITI-38',
      outcome: 'refused',
      detail: 'FindDocuments:xua-resource-id-mismatch:XDSRegistryError',
    });
    await expectValid(find.bodyXml);
    const get = await h38.handle(
      as(other, template(GET_LEAFCLASS, { $home: ihe.HOME_COMMUNITY_ID, "'$doc_uuid_1$', '$doc_uuid_2$'": `'${entryUuid}'` }), 'ITI-38'),
    );
    expect(get.bodyXml).toContain('<rim:RegistryObjectList/>');
    const retrieve = template(RETRIEVE_TWO, {
      $home$: ihe.HOME_COMMUNITY_ID,
      $repositoryuid$: ihe.REPOSITORY_UNIQUE_ID,
      $docuid1$: uid,
      $docuid2$: uid,
    });
    const refused = await h39.handle(as(other, retrieve, 'ITI-39'));
    expect(attrValues(refused.bodyXml, 'errorCode')).toEqual(['XDSDocumentUniqueIdError', 'XDSDocumentUniqueIdError']);
    expect(refused.attachments).toEqual([]);
    const allowed = await h39.handle(as(NHS, retrieve, 'ITI-39'));
    expect(allowed.attachments).toHaveLength(2);
    expect((await h38.handle(as(NHS, findLeafClass(), 'ITI-38'))).bodyXml).toContain('ResponseStatusType:Success');
  });

  it('XUA resource-id: queries by SubmissionSet, association or entry uuid disclose nothing of another patient', async () => {
    const q = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    const [entryUuid] = attrValues(q.bodyXml, 'ExtrinsicObject id');
    const as = (nhs: string, xml: string): SoapRequest => ({
      ...soapRequest(xml, 'ITI-38'),
      identity: { ...REQUESTER, source: 'saml', resourceId: `${nhs}^^^&2.16.840.1.113883.2.1.4.1&ISO` },
    });
    const adhoc = (id: string, slot: string, value: string) =>
      `<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">` +
      `<query:ResponseOption returnType="LeafClass"/><rim:AdhocQuery id="${id}" home="${ihe.HOME_COMMUNITY_ID}">` +
      `<rim:Slot name="${slot}"><rim:ValueList><rim:Value>${value}</rim:Value></rim:ValueList></rim:Slot></rim:AdhocQuery></query:AdhocQueryRequest>`;
    const sets = await h38.handle(as(NHS, adhoc('urn:uuid:51224314-5390-4169-9b91-b1980040715a', '$uuid', `('${entryUuid}')`)));
    const [setUuid] = attrValues(sets.bodyXml, 'RegistryPackage id');
    expect(setUuid).toMatch(/^urn:uuid:/);
    await expectValid(envelope(sets));
    const queries = [
      adhoc('urn:uuid:51224314-5390-4169-9b91-b1980040715a', '$uuid', `('${entryUuid}')`),
      adhoc('urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155', '$uuid', `('${setUuid}')`),
      adhoc('urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83', '$XDSSubmissionSetEntryUUID', `'${setUuid}'`),
      adhoc('urn:uuid:bab9529a-4a10-40b3-a01f-f68a615d247a', '$XDSDocumentEntryEntryUUID', `('${entryUuid}')`),
    ];
    for (const xml of queries) {
      expect((await h38.handle(as(NHS, xml))).bodyXml).toContain(entryUuid);
      const other = await h38.handle(as('9690937278', xml));
      expect(other.bodyXml).toContain('<rim:RegistryObjectList/>');
      expect(other.bodyXml).not.toContain(NHS);
      await expectValid(envelope(other));
    }
  });

  it('ITI-39 with no DocumentRequest, or more than the configured limit → Failure, valid MTOM', async () => {
    const none = await h39.handle(soapRequest('<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"/>', 'ITI-39'));
    expect(attrValues(none.bodyXml, 'errorCode')).toEqual(['XDSRepositoryError']);
    const many = Array.from(
      { length: 51 },
      (_, i) =>
        `<DocumentRequest><HomeCommunityId>${ihe.HOME_COMMUNITY_ID}</HomeCommunityId><RepositoryUniqueId>${ihe.REPOSITORY_UNIQUE_ID}</RepositoryUniqueId><DocumentUniqueId>2.25.${i}</DocumentUniqueId></DocumentRequest>`,
    ).join('');
    const tooMany = await h39.handle(
      soapRequest(`<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007">${many}</RetrieveDocumentSetRequest>`, 'ITI-39'),
    );
    expect(attrValues(tooMany.bodyXml, 'errorCode')).toEqual(['XDSRepositoryOutOfResources']);
    await expectValid(mtomResponse(tooMany));
  });

  it('audits queries and retrieves with a pseudonym, never the NHS number', async () => {
    const q = await h38.handle(soapRequest(findLeafClass(), 'ITI-38'));
    const uid = q.bodyXml.match(/identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/)![1];
    await h39.handle(
      soapRequest(
        template(RETRIEVE_TWO, {
          $home$: ihe.HOME_COMMUNITY_ID,
          $repositoryuid$: ihe.REPOSITORY_UNIQUE_ID,
          $docuid1$: uid,
          $docuid2$: '2.25.1',
        }),
        'ITI-39',
      ),
    );
    const records = audit.recent();
    expect(records.map((r) => [r.transaction, r.outcome])).toEqual([
      ['ITI-38', 'success'],
      ['ITI-39', 'success'],
      ['ITI-39', 'not-found'],
    ]);
    expect(records[0].patientPseudonym).toBe(audit.pseudonymise(NHS));
    expect(records[0].documentIds).toEqual([uid]);
    expect(records[1].documentIds).toEqual([uid]);
    expect(JSON.stringify(records)).not.toContain(NHS);
  });
});
