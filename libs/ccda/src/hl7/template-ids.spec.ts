import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { convertBundleToCcd } from '../convert-bundle';
import { TEMPLATES } from './template-ids';

const BUNDLES = path.resolve(__dirname, '../../../../apps/nhs-sandbox/data/gpconnect/structured-record-bundles');

describe('template ids', () => {
  const table = new Set(Object.values(TEMPLATES).map((t) => `${t.root}:${t.extension ?? ''}`));
  const roots = new Set(Object.values(TEMPLATES).map((t) => t.root));

  it('the document declares only templates from the table (extended, or the unextended R1.1 root of a versioned one)', () => {
    for (const f of readdirSync(BUNDLES).filter((x) => x.endsWith('.json'))) {
      const { xml } = convertBundleToCcd(JSON.parse(readFileSync(path.join(BUNDLES, f), 'utf8')), {
        documentId: '5d3a1f7e-2b4c-4d6e-8f90-a1b2c3d4e5f6',
        effectiveTime: new Date('2026-01-01T00:00:00Z'),
        custodian: { name: 'Test', root: '2.16.840.1.113883.2.1.4.3' },
      });
      for (const m of xml.matchAll(/<templateId root="([^"]+)"(?: extension="([^"]+)")?\/>/g)) {
        const [, root, ext] = m;
        if (ext) expect(table.has(`${root}:${ext}`)).toBe(true);
        else expect(roots.has(root) && (table.has(`${root}:`) || [...table].some((t) => t.startsWith(root + ':')))).toBe(true);
      }
      expect(xml).not.toMatch(/<templateId[^>]*xsi:type/);
    }
  });

  it('uses the R2.1 versions (never the old Immunization Activity 2014-06-09 or a wrong Allergies section version)', () => {
    expect(TEMPLATES.immunizationActivity).toEqual({ root: '2.16.840.1.113883.10.20.22.4.52', extension: '2015-08-01' });
    expect(TEMPLATES.allergiesSection).toEqual({ root: '2.16.840.1.113883.10.20.22.2.6.1', extension: '2015-08-01' });
    expect(TEMPLATES.medicationsSection).toEqual({ root: '2.16.840.1.113883.10.20.22.2.1.1', extension: '2014-06-09' });
    expect(TEMPLATES.ccd).toEqual({ root: '2.16.840.1.113883.10.20.22.1.2', extension: '2015-08-01' });
  });
});
