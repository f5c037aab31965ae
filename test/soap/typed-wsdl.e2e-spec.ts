import { randomUUID } from 'node:crypto';
import * as soap from 'soap';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { attr, child, descendants, parseXml, text, NS } from '@gw/soap';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { lastResponseBytes, soapClient as client } from '../support/soap-client';
import { validateIhe } from '../support/ihe-validator';

const HL7 = 'urn:hl7-org:v3';
const QUERY = 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0';
const RIM = 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0';
const XDSB = 'urn:ihe:iti:xds-b:2007';
const NHS_OID = '2.16.840.1.113883.2.1.4.1';
const patient = SANDBOX_PATIENTS.found.find((p) => p.nhsNumber === '9690937286')!;

type Operation = (args: unknown) => Promise<[unknown, string]>;

/** A typed call: the arguments are the element's content as an object, never raw XML. */
async function call(c: soap.Client, operation: string, args: unknown): Promise<{ result: unknown; raw: string; sent: string }> {
  const fn = (c as unknown as Record<string, Operation>)[`${operation}Async`];
  const [result, raw] = await fn.call(c, args);
  return { result, raw, sent: c.lastRequest ?? '' };
}

/** node-soap's parsed schema objects (its describe() cannot follow HL7's complexContent extensions). */
interface SchemaNode {
  name?: string;
  $name?: string;
  $ref?: string;
  $type?: string;
  $base?: string;
  children?: SchemaNode[];
}
interface ClientWsdl {
  definitions: { schemas: Record<string, { elements: Record<string, SchemaNode> }> };
  findSchemaType(name: string, ns: string): SchemaNode | undefined;
}

/**
 * The child elements the client's own schema model gives the element `{ns}local`, as it read them from
 * the WSDL and the schemas it fetched: empty for an open (xs:any) payload, the real content model for a
 * typed one. Extension bases are followed.
 */
function modelChildren(c: soap.Client, ns: string, local: string): string[] {
  const wsdl = (c as unknown as { wsdl: ClientWsdl }).wsdl;
  const el = wsdl.definitions.schemas[ns]?.elements[local];
  const resolve = (q: string) => wsdl.findSchemaType(q.split(':').pop()!, ns);
  const names: string[] = [];
  const walk = (n: SchemaNode | undefined, depth = 0): void => {
    if (!n || depth > 8) return;
    for (const ch of n.children ?? []) {
      if (ch.name === 'element') names.push((ch.$name ?? ch.$ref ?? '').split(':').pop()!);
      else {
        if (ch.name === 'extension' && ch.$base) walk(resolve(ch.$base), depth + 1);
        walk(ch, depth + 1);
      }
    }
  };
  walk(el?.children?.find((x) => x.name === 'complexType') ?? (el?.$type ? resolve(el.$type) : undefined));
  return names;
}

const ii = (root: string, extension?: string) => ({ attributes: extension ? { root, extension } : { root } });
const code = (c: string) => ({ attributes: { code: c } });

/** PRPA_IN201305UV02 as a toolkit builds it from the typed WSDL: objects, in schema order. */
function prpaIn201305(interaction: string) {
  return {
    attributes: { ITSVersion: 'XML_1.0' },
    id: ii('1.2.840.114350.1.13.0.1.7.1.1', randomUUID()),
    creationTime: { attributes: { value: '20260101120000' } },
    interactionId: ii('2.16.840.1.113883.1.6', 'PRPA_IN201305UV02'),
    processingCode: code('T'),
    processingModeCode: code('T'),
    acceptAckCode: code('AL'),
    receiver: {
      attributes: { typeCode: 'RCV' },
      device: { attributes: { classCode: 'DEV', determinerCode: 'INSTANCE' }, id: ii('1.2.3.4') },
    },
    sender: {
      attributes: { typeCode: 'SND' },
      device: { attributes: { classCode: 'DEV', determinerCode: 'INSTANCE' }, id: ii('1.2.840.114350.1.13.999.567') },
    },
    controlActProcess: {
      attributes: { classCode: 'CACT', moodCode: 'EVN' },
      code: { attributes: { code: interaction, codeSystem: '2.16.840.1.113883.1.6' } },
      queryByParameter: {
        queryId: ii('1.2.840.114350.1.13.28.1.18.5.999', randomUUID()),
        statusCode: code('new'),
        responseModalityCode: code('R'),
        responsePriorityCode: code('I'),
        parameterList: {
          livingSubjectAdministrativeGender: {
            value: code(patient.gender === 'male' ? 'M' : 'F'),
            semanticsText: 'LivingSubject.administrativeGender',
          },
          livingSubjectBirthTime: {
            value: { attributes: { value: patient.birthDate!.replace(/-/g, '') } },
            semanticsText: 'LivingSubject.birthTime',
          },
          livingSubjectId: { value: ii(NHS_OID, patient.nhsNumber), semanticsText: 'LivingSubject.id' },
          livingSubjectName: { value: { given: patient.given![0], family: patient.family }, semanticsText: 'LivingSubject.name' },
        },
      },
    },
  };
}

/** The status of a GET, its body read so the connection is released. */
async function status(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

/** The first child of soap:Body of a message as sent or received. */
function bodyPayload(xml: string) {
  return child(parseXml(xml), NS.soap12, 'Body')?.children[0];
}

describe('typed WSDL: the npm soap client binds to the real HL7 v3 / ebRS / XDS.b elements', () => {
  let gw: StartedGateway;

  beforeAll(async () => {
    gw = await startGateway({});
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('serves the schemas the WSDL includes, and nothing outside them', async () => {
    const wsdl = await (await fetch(`${gw.url}/SOAP/iti55?wsdl`)).text();
    const includes = [...wsdl.matchAll(/schemaLocation="([^"]+)"/g)].map((m) => m[1]);
    expect(includes).toEqual(
      expect.arrayContaining([
        `${gw.url}/SOAP/schemas/ipf-hl7v3/HL7V3/NE2008/multicacheschemas/PRPA_IN201305UV02.xsd`,
        `${gw.url}/SOAP/schemas/ipf-hl7v3/HL7V3/NE2008/multicacheschemas/PRPA_IN201306UV02.xsd`,
        `${gw.url}/SOAP/schemas/ipf-hl7v3/HL7V3/NE2008/multicacheschemas/MCCI_IN000002UV01.xsd`,
      ]),
    );
    expect(wsdl).not.toContain('OpenPayload');
    for (const url of includes) expect(await status(url)).toBe(200);
    for (const bad of [
      '../soap.config.ts',
      '..%2F..%2Fpackage.json',
      'nist-toolkit/v3/../../../../../package.json',
      'nist-toolkit/v3/rim.xsd.bak',
    ])
      expect(await status(`${gw.url}/SOAP/schemas/${bad}`)).toBe(404);
  });

  it('ITI-55: a typed call writes PRPA_IN201305UV02 once, its children in the HL7 namespace, and is answered AA/OK', async () => {
    const c = await client(gw, 'iti55', 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery');
    expect(modelChildren(c, HL7, 'PRPA_IN201305UV02')).toEqual(
      expect.arrayContaining(['id', 'creationTime', 'interactionId', 'receiver', 'sender', 'controlActProcess']),
    );
    expect(modelChildren(c, HL7, 'PRPA_IN201306UV02')).toEqual(expect.arrayContaining(['acknowledgement', 'controlActProcess']));
    expect(modelChildren(c, HL7, 'MCCI_IN000002UV01')).toEqual(expect.arrayContaining(['acknowledgement']));
    const { raw, sent } = await call(c, 'RespondingGateway_PRPA_IN201305UV02', prpaIn201305('PRPA_TE201305UV02'));
    // The toolkit wrote the element once, its children in the HL7 namespace (no double wrapping, no unqualified children).
    const req = bodyPayload(sent)!;
    expect([req.ns, req.local]).toEqual([HL7, 'PRPA_IN201305UV02']);
    expect(child(req, HL7, 'PRPA_IN201305UV02')).toBeUndefined();
    expect(child(child(req, HL7, 'controlActProcess'), HL7, 'queryByParameter')).toBeDefined();
    const msg = bodyPayload(raw)!;
    expect(attr(child(child(msg, HL7, 'acknowledgement'), HL7, 'typeCode'), 'code')).toBe('AA');
    const qrc = attr(child(child(child(msg, HL7, 'controlActProcess'), HL7, 'queryAck'), HL7, 'queryResponseCode'), 'code');
    expect(qrc).toBe('OK');
  });

  it('ITI-47: a typed PDQv3 query is answered AA/OK with the patient', async () => {
    const c = await client(gw, 'iti47', 'urn:hl7-org:v3:PRPA_IN201305UV02');
    expect(modelChildren(c, HL7, 'PRPA_IN201305UV02')).toContain('controlActProcess');
    expect(modelChildren(c, HL7, 'QUQI_IN000003UV01')).toContain('controlActProcess');
    const { raw, sent } = await call(c, 'PDQSupplier_PRPA_IN201305UV02', prpaIn201305('PRPA_TE201305UV02'));
    expect(bodyPayload(sent)!.ns).toBe(HL7);
    expect(child(bodyPayload(sent), HL7, 'controlActProcess')).toBeDefined();
    const ids = descendants(bodyPayload(raw), HL7, 'patient').map((p) => attr(child(p, HL7, 'id'), 'extension'));
    expect(ids).toEqual([patient.nhsNumber]);
  });

  it('ITI-38: a typed FindDocuments (AdhocQuery in ebRIM) lists the GP record; ITI-39: a typed retrieve returns it', async () => {
    // XCA answers a requester only for a patient its discovery confirmed (verify mode).
    const pd = await client(gw, 'iti55', 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery');
    await call(pd, 'RespondingGateway_PRPA_IN201305UV02', prpaIn201305('PRPA_TE201305UV02'));
    const xcq = await client(gw, 'iti38', 'urn:ihe:iti:2007:CrossGatewayQuery');
    const home = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
    expect(modelChildren(xcq, QUERY, 'AdhocQueryRequest')).toEqual(['ResponseOption', 'AdhocQuery']);
    expect(modelChildren(xcq, QUERY, 'AdhocQueryResponse')).toContain('RegistryObjectList');
    const { raw, sent } = await call(xcq, 'RespondingGateway_CrossGatewayQuery', {
      ResponseOption: { attributes: { returnType: 'LeafClass', returnComposedObjects: 'true' } },
      AdhocQuery: {
        attributes: { id: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d', home },
        Slot: [
          { attributes: { name: '$XDSDocumentEntryPatientId' }, ValueList: { Value: `'${patient.nhsNumber}^^^&${NHS_OID}&ISO'` } },
          {
            attributes: { name: '$XDSDocumentEntryStatus' },
            ValueList: { Value: "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')" },
          },
        ],
      },
    });
    const q = bodyPayload(sent)!;
    expect([q.ns, q.local]).toEqual([QUERY, 'AdhocQueryRequest']);
    expect(child(child(q, RIM, 'AdhocQuery'), RIM, 'Slot')).toBeDefined();
    expect((await validateIhe(sent, { laxSecurity: true })).errors).toBe(0);
    expect(raw).toContain('ResponseStatusType:Success');
    const ans = bodyPayload(raw)!;
    const entry = descendants(ans, RIM, 'ExtrinsicObject')[0];
    const uid = descendants(entry, RIM, 'ExternalIdentifier').find(
      (e) => attr(e, 'identificationScheme') === 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab',
    );
    const repo = descendants(entry, RIM, 'Slot').find((s) => attr(s, 'name') === 'repositoryUniqueId');

    const xcr = await client(gw, 'iti39', 'urn:ihe:iti:2007:CrossGatewayRetrieve');
    expect(modelChildren(xcr, XDSB, 'RetrieveDocumentSetRequest')).toEqual(['DocumentRequest']);
    expect(modelChildren(xcr, XDSB, 'RetrieveDocumentSetResponse')).toEqual(
      expect.arrayContaining(['RegistryResponse', 'DocumentResponse']),
    );
    const r = await call(xcr, 'RespondingGateway_CrossGatewayRetrieve', {
      DocumentRequest: [
        // node-soap qualifies these local elements by their type's namespace (rim:LongName) and leaves the
        // prefix undeclared; naming the WSDL's xdsb prefix keeps them in the XDS.b namespace.
        {
          'xdsb:HomeCommunityId': home,
          'xdsb:RepositoryUniqueId': text(descendants(repo, RIM, 'Value')[0]),
          'xdsb:DocumentUniqueId': attr(uid, 'value'),
        },
      ],
    });
    const rq = bodyPayload(r.sent)!;
    expect([rq.ns, rq.local]).toEqual([XDSB, 'RetrieveDocumentSetRequest']);
    expect(text(child(child(rq, XDSB, 'DocumentRequest'), XDSB, 'DocumentUniqueId'))).toBe(attr(uid, 'value'));
    // The answer is MTOM: node-soap's MTOM reader is an ESM import Jest cannot load, so its raw bytes are read here.
    const mime = lastResponseBytes()!.toString('latin1');
    expect(mime).toContain('ResponseStatusType:Success');
    expect(mime).toContain('<xop:Include');
  });

  it('ITI-18 and ITI-43: typed calls on the XDS.b registry and repository WSDLs find and retrieve the GP record', async () => {
    const pd = await client(gw, 'iti55', 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery');
    await call(pd, 'RespondingGateway_PRPA_IN201305UV02', prpaIn201305('PRPA_TE201305UV02'));
    const reg = await client(gw, 'iti18', 'urn:ihe:iti:2007:RegistryStoredQuery');
    expect(modelChildren(reg, QUERY, 'AdhocQueryRequest')).toEqual(['ResponseOption', 'AdhocQuery']);
    const q = await call(reg, 'DocumentRegistry_RegistryStoredQuery', {
      ResponseOption: { attributes: { returnType: 'LeafClass', returnComposedObjects: 'true' } },
      AdhocQuery: {
        attributes: { id: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d' },
        Slot: [
          { attributes: { name: '$XDSDocumentEntryPatientId' }, ValueList: { Value: `'${patient.nhsNumber}^^^&${NHS_OID}&ISO'` } },
          {
            attributes: { name: '$XDSDocumentEntryStatus' },
            ValueList: { Value: "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')" },
          },
        ],
      },
    });
    expect([bodyPayload(q.sent)!.ns, bodyPayload(q.sent)!.local]).toEqual([QUERY, 'AdhocQueryRequest']);
    expect(q.raw).toContain('ResponseStatusType:Success');
    const entry = descendants(bodyPayload(q.raw)!, RIM, 'ExtrinsicObject')[0];
    const uid = descendants(entry, RIM, 'ExternalIdentifier').find(
      (e) => attr(e, 'identificationScheme') === 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab',
    );
    const repo = descendants(entry, RIM, 'Slot').find((sl) => attr(sl, 'name') === 'repositoryUniqueId');

    const rep = await client(gw, 'iti43', 'urn:ihe:iti:2007:RetrieveDocumentSet');
    expect(modelChildren(rep, XDSB, 'RetrieveDocumentSetRequest')).toEqual(['DocumentRequest']);
    const r = await call(rep, 'DocumentRepository_RetrieveDocumentSet', {
      DocumentRequest: [
        { 'xdsb:RepositoryUniqueId': text(descendants(repo, RIM, 'Value')[0]), 'xdsb:DocumentUniqueId': attr(uid, 'value') },
      ],
    });
    const rq = bodyPayload(r.sent)!;
    expect([rq.ns, rq.local]).toEqual([XDSB, 'RetrieveDocumentSetRequest']);
    const mime = lastResponseBytes()!.toString('latin1');
    expect(mime).toContain('ResponseStatusType:Success');
    expect(mime).toContain('<xop:Include');
  });
});
