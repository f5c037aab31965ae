import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from 'fhir/r3';
import { CcdaConfig, CcdaService } from '@gw/ccda';
import { loadConfig } from '@gw/config';
import { parseXml, str } from '../ccda/ccda-fixtures.util';
import { GPC_BUNDLES_DIR } from '../support/reference-paths';
import { validateCcdaDocument } from './conformance.util';
import { ccdHeaderFacts } from '@gw/gp-record';
import { uuidToOid } from '@gw/hl7-datatypes';

const BUNDLES = GPC_BUNDLES_DIR;

describe('CcdaService as the CcdRenderer: the document ITI-39 serves', () => {
  const sut = new CcdaService(loadConfig(CcdaConfig, {}));

  it.each(['9690937286', '9690937278', '9690938118'])(
    'bundle %s → a CCD whose reported header is the one written, and validate-ccda.sh passes',
    async (nhs) => {
      const bundle = JSON.parse(readFileSync(path.join(BUNDLES, `${nhs}.json`), 'utf8')) as Bundle;
      const uniqueId = uuidToOid('6a1f4c3e-8a55-4c2d-9a57-0f7f5a4c9b11');
      const at = new Date('2026-12-01T10:30:00Z');
      const out = sut.render(bundle, { uniqueId, effectiveTime: at, warnings: [], practiceOdsCode: 'B82617' });
      const facts = ccdHeaderFacts(out.header);
      expect(facts.uniqueId).toBe(uniqueId);
      expect(facts.creationTime).toBe('20261201103000');
      expect(facts.serviceStopTime).toBe('20261201103000');
      expect(facts.serviceStartTime).toMatch(/^\d{4,14}$/);

      const doc = parseXml(out.xml);
      expect(str(doc, '/h:ClinicalDocument/h:id/@root')).toBe(out.header.documentId.root);
      expect(str(doc, '/h:ClinicalDocument/h:title')).toBe(out.title);
      expect(str(doc, '/h:ClinicalDocument/h:effectiveTime/@value')).toBe(out.header.effectiveTime);
      const svc = '/h:ClinicalDocument/h:documentationOf/h:serviceEvent/h:effectiveTime';
      expect(str(doc, `${svc}/h:low/@value`)).toBe(out.header.serviceStartTime);
      expect(str(doc, `${svc}/h:high/@value`)).toBe(out.header.serviceStopTime);
      expect(out.title.length).toBeGreaterThan(0);
      const r = await validateCcdaDocument(out.xml);
      if (r.code !== 0) throw new Error(r.output.slice(0, 4000));
    },
  );

  it('names the practice only when the header names the practice PDS registers the patient with', () => {
    const bundle = JSON.parse(readFileSync(path.join(BUNDLES, '9690937286.json'), 'utf8')) as Bundle;
    const req = { uniqueId: '2.25.1', effectiveTime: new Date('2026-12-01T10:30:00Z'), warnings: [] };
    const own = sut.render(bundle, { ...req, practiceOdsCode: 'B82617' });
    expect(own.header.practice?.odsCode).toBe('B82617');
    expect(own.practiceName).toBe(own.header.practice?.name);
    expect(own.practiceName).toBeTruthy();
    expect(sut.render(bundle, { ...req, practiceOdsCode: 'A99999' }).practiceName).toBeUndefined();
  });
});
