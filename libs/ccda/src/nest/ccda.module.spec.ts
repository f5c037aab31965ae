import { Test } from '@nestjs/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resetConfigCache } from '@gw/config';
import { CcdaInputError } from '../ccda-input.error';
import { CcdaModule } from './ccda.module';
import { CcdaService } from './ccda.service';

const BUNDLE = path.resolve(__dirname, '../../../../apps/nhs-sandbox/data/gpconnect/structured-record-bundles/9690937286.json');

describe('CcdaModule', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
    resetConfigCache();
  });

  it('provides CcdaService with the custodian from configuration', async () => {
    process.env.CCDA_CUSTODIAN_NAME = 'Leeds Gateway Operations';
    process.env.CCDA_CUSTODIAN_ID = 'X26';
    process.env.CCDA_CUSTODIAN_TELECOM = 'tel:+441130000000';
    resetConfigCache();
    const mod = await Test.createTestingModule({ imports: [CcdaModule] }).compile();
    const svc = mod.get(CcdaService);
    const { xml, report } = svc.convert(JSON.parse(readFileSync(BUNDLE, 'utf8')), {
      documentId: '5d3a1f7e-2b4c-4d6e-8f90-a1b2c3d4e5f6',
      effectiveTime: new Date('2026-03-04T05:06:07Z'),
    });
    expect(xml).toContain(
      '<representedCustodianOrganization><id root="2.16.840.1.113883.2.1.4.3" extension="X26"/><id root="2.16.840.1.113883.4.6" nullFlavor="NA"/><name>Leeds Gateway Operations</name><telecom use="WP" value="tel:+441130000000"/>',
    );
    expect(xml).toContain('<id root="5D3A1F7E-2B4C-4D6E-8F90-A1B2C3D4E5F6"/>');
    expect(xml).toContain('<effectiveTime value="20260304050607+0000"/>');
    expect(report.mapped).toBeGreaterThan(50);
    await mod.close();
  });

  it('passes typed input errors through', async () => {
    resetConfigCache();
    const mod = await Test.createTestingModule({ imports: [CcdaModule] }).compile();
    expect(() => mod.get(CcdaService).convert({ resourceType: 'Patient' })).toThrow(CcdaInputError);
    await mod.close();
  });
});
