import { buildAdhocQueryResponse, CLASSIFICATION_SCHEME, ENTRY_TYPE } from '@gw/ihe';
import { attr, children, parseXml, type XmlElement } from '@gw/soap';
import { sampleEntry } from './fixtures';
import { validateIheMessage } from './conformance.util';

const HOME = 'urn:oid:2.16.840.1.113883.3.9999.1';
const RIM = 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0';

function extrinsic(xml: string): XmlElement {
  const root = parseXml(xml);
  const list = root.children.find((c) => c.local === 'RegistryObjectList')!;
  return list.children[0];
}

describe('XDS builders against validate.sh --strict', () => {
  it('a LeafClass response with a complete Stable entry is valid', async () => {
    const xml = buildAdhocQueryResponse({ returnType: 'LeafClass', entries: [sampleEntry()], errors: [] }, HOME);
    const r = await validateIheMessage(xml);
    expect(r.output).toContain('RESULT: VALID');
    expect(r.code).toBe(0);
  });

  it('an ObjectRef response is valid and carries home', async () => {
    const xml = buildAdhocQueryResponse({ returnType: 'ObjectRef', entries: [sampleEntry()], errors: [] }, HOME);
    expect(xml).toContain(`<rim:ObjectRef id="urn:uuid:6a1f4c3e-8a55-4c2d-9a57-0f7f5a4c9b11" home="${HOME}"/>`);
    const r = await validateIheMessage(xml);
    expect(r.code).toBe(0);
  });

  it('an On-Demand entry omits creationTime, hash and size and is valid', async () => {
    const entry = sampleEntry({ kind: 'on-demand' });
    const xml = buildAdhocQueryResponse({ returnType: 'LeafClass', entries: [entry], errors: [] }, HOME);
    const eo = extrinsic(xml);
    expect(attr(eo, 'objectType')).toBe(ENTRY_TYPE.onDemand);
    const slotNames = children(eo, RIM, 'Slot').map((s) => attr(s, 'name'));
    expect(slotNames).not.toContain('creationTime');
    expect(slotNames).not.toContain('hash');
    expect(slotNames).not.toContain('size');
    expect((await validateIheMessage(xml)).code).toBe(0);
  });

  it('an error-only response is Failure with an empty RegistryObjectList and is valid', async () => {
    const xml = buildAdhocQueryResponse(
      { returnType: 'LeafClass', entries: [], errors: [{ code: 'XDSUnknownPatientId', context: 'Patient id not known' }] },
      HOME,
    );
    expect(xml).toContain('status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure"');
    expect(xml).toContain(`location="${HOME}"`);
    expect(xml).toContain('<rim:RegistryObjectList/>');
    expect((await validateIheMessage(xml)).code).toBe(0);
  });

  it('entries plus an error is PartialSuccess; a warning alone keeps Success', async () => {
    const partial = buildAdhocQueryResponse(
      { returnType: 'ObjectRef', entries: [sampleEntry()], errors: [{ code: 'XDSRegistryError', context: 'x' }] },
      HOME,
    );
    expect(partial).toContain('status="urn:ihe:iti:2007:ResponseStatusType:PartialSuccess"');
    expect((await validateIheMessage(partial)).code).toBe(0);
    const warn = buildAdhocQueryResponse(
      { returnType: 'ObjectRef', entries: [], errors: [{ code: 'XDSRegistryBusy', context: 'x', severity: 'warning' }] },
      HOME,
    );
    expect(warn).toContain('ResponseStatusType:Success');
    expect(warn).toContain('highestSeverity="urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Warning"');
  });

  it('writes ebRIM element order and all six coded classifications with their display names', () => {
    const eo = extrinsic(buildAdhocQueryResponse({ returnType: 'LeafClass', entries: [sampleEntry()], errors: [] }, HOME));
    const order = ['Slot', 'Name', 'Description', 'VersionInfo', 'Classification', 'ExternalIdentifier'];
    const ranks = eo.children.map((c) => order.indexOf(c.local));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    const schemes = children(eo, RIM, 'Classification').map((c) => attr(c, 'classificationScheme'));
    for (const s of Object.values(CLASSIFICATION_SCHEME).filter((s) => s !== CLASSIFICATION_SCHEME.eventCodeList)) {
      expect(schemes).toContain(s);
    }
    const format = children(eo, RIM, 'Classification').find((c) => attr(c, 'classificationScheme') === CLASSIFICATION_SCHEME.formatCode)!;
    expect(attr(format, 'nodeRepresentation')).toBe('urn:hl7-org:sdwg:ccda-structuredBody:2.1');
    // ids of sub-objects are never the entry's own id, and are stable across builds
    const ids = [...children(eo, RIM, 'Classification'), ...children(eo, RIM, 'ExternalIdentifier')].map((c) => attr(c, 'id'));
    expect(ids).not.toContain(sampleEntry().entryUuid);
    expect(new Set(ids).size).toBe(ids.length);
    const again = extrinsic(buildAdhocQueryResponse({ returnType: 'LeafClass', entries: [sampleEntry()], errors: [] }, HOME));
    expect(children(again, RIM, 'Classification').map((c) => attr(c, 'id'))).toEqual(ids.slice(0, 7));
  });

  it('escapes metadata text', async () => {
    const entry = sampleEntry({
      title: 'A & B <GP> "record"',
      author: { institutions: ["O'Neil & Sons^^^^^&2.16.840.1.113883.2.1.4.3&ISO^^^^X1"] },
    });
    const xml = buildAdhocQueryResponse({ returnType: 'LeafClass', entries: [entry], errors: [] }, HOME);
    expect((await validateIheMessage(xml)).code).toBe(0);
  });
});
