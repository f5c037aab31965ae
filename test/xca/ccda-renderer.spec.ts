import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from 'fhir/r3';
import { CcdaCcdRenderer, IheConfig, readCcdHeader, uuidToOid } from '@gw/ihe';
import { GPC_BUNDLES_DIR } from '../support/reference-paths';
import { validateCcdaDocument } from './conformance.util';

const BUNDLES = GPC_BUNDLES_DIR;

describe('CcdaCcdRenderer: the document ITI-39 serves', () => {
  const sut = new CcdaCcdRenderer(new IheConfig());

  it.each(['9690937286', '9690937278', '9690938118'])(
    'bundle %s → a CCD whose header matches the metadata, and validate-ccda.sh passes',
    async (nhs) => {
      const bundle = JSON.parse(readFileSync(path.join(BUNDLES, `${nhs}.json`), 'utf8')) as Bundle;
      const uniqueId = uuidToOid('6a1f4c3e-8a55-4c2d-9a57-0f7f5a4c9b11');
      const at = new Date('2026-12-01T10:30:00Z');
      const out = sut.render(bundle, { uniqueId, effectiveTime: at, warnings: [], practiceOdsCode: 'B82617' });
      const header = readCcdHeader(out.xml);
      expect(header.uniqueId).toBe(uniqueId);
      expect(header.creationTime).toBe('20261201103000');
      expect(header.serviceStopTime).toBe('20261201103000');
      expect(header.serviceStartTime).toMatch(/^\d{4,14}$/);
      expect(out.title.length).toBeGreaterThan(0);
      const r = await validateCcdaDocument(out.xml);
      if (r.code !== 0) throw new Error(r.output.slice(0, 4000));
    },
  );
});
