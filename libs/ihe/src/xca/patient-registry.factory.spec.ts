import type { GpRecordDocument } from '@gw/gp-record';
import { buildAdhocQueryResponse, XdsMetadataConfig } from '../xds';
import { IheConfig } from '../ihe.config';
import { DocumentEntryFactory } from './document-entry.factory';
import { PatientRegistryFactory } from './patient-registry.factory';

const ON_DEMAND = { entryUuid: 'urn:uuid:0b6f3a52-1c1e-4b8e-9a55-5d7a2c0d9e01', uniqueId: '2.25.1' };

function doc(n: number, title = 'GP record'): GpRecordDocument {
  return {
    nhsNumber: '9690937286',
    entryUuid: `urn:uuid:7d0c1e2a-3b4c-4d5e-8f60-00000000000${n}`,
    uniqueId: `2.25.10${n}`,
    onDemand: ON_DEMAND,
    mimeType: 'text/xml',
    creationTime: `2026120${n}101500`,
    hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    size: 1000 + n,
    title,
    practice: { odsCode: 'B82617', name: 'COXWOLD SURGERY' },
    generatedAt: `2026-12-0${n}T10:15:00.000Z`,
    expiresAt: '2026-12-31T00:00:00.000Z',
    notices: [],
    conversion: { mapped: 1, narrativeOnly: 0, issues: 0 },
  };
}

const factory = () => new PatientRegistryFactory(new DocumentEntryFactory(new XdsMetadataConfig(), new IheConfig()));
const xml = (view: ReturnType<PatientRegistryFactory['build']>) =>
  buildAdhocQueryResponse({ returnType: 'LeafClass', ...view, errors: [] }, 'urn:oid:1.3.6.1.4.1.21367.13.20.4000');

describe('PatientRegistryFactory: one view per set of held documents', () => {
  it('answers the same documents with the same view, frozen to its leaves', () => {
    const f = factory();
    const first = f.build([
      { meta: doc(2), current: true },
      { meta: doc(1), current: false },
    ]);
    const again = f.build([
      { meta: doc(2), current: true },
      { meta: doc(1), current: false },
    ]);
    expect(again).toBe(first);
    expect(Object.isFrozen(first.entries[0])).toBe(true);
    expect(Object.isFrozen(first.entries[0].classCode)).toBe(true);
    expect(Object.isFrozen(first.associations)).toBe(true);
    expect(() => (first.entries as unknown[]).push({})).toThrow(TypeError);
  });

  it('builds a new view when another document becomes current, and its On-Demand entry follows the new one', () => {
    const f = factory();
    const before = f.build([{ meta: doc(1, 'Old title'), current: true }]);
    const after = f.build([
      { meta: doc(2, 'New title'), current: true },
      { meta: doc(1, 'Old title'), current: false },
    ]);
    expect(after).not.toBe(before);
    const onDemandOf = (v: typeof before) => v.entries.find((e) => e.kind === 'on-demand')!;
    expect(onDemandOf(before).title).toBe('Old title');
    expect(onDemandOf(after).title).toBe('New title');
    expect(after.entries.find((e) => e.entryUuid === doc(1).entryUuid)!.status).toBe('deprecated');
    expect(xml(after)).toContain('New title');
  });

  it('serialises a reused view to the same bytes as a view built afresh', () => {
    const held = [
      { meta: doc(3), current: true },
      { meta: doc(2), current: false },
    ];
    const f = factory();
    const once = xml(f.build(held));
    expect(xml(f.build(held))).toBe(once);
    expect(xml(factory().build(held))).toBe(once);
  });
});
