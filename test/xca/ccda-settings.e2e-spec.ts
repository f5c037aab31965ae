import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from 'fhir/r3';
import { CcdRenderer } from '@gw/ccda';
import { parseXml, str } from '../ccda/ccda-fixtures.util';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { GPC_BUNDLES_DIR } from '../support/reference-paths';

const ROOT = path.resolve(__dirname, '../..');
const ADMIN_KEY = 'ccda-settings-e2e-admin-key-0123456789';
const NHS = '9690937286';
const CCDA: Record<string, string> = {
  CCDA_CUSTODIAN_NAME: 'Leeds Gateway Operations',
  CCDA_CUSTODIAN_OID: '2.16.840.1.113883.2.1.4.3',
  CCDA_CUSTODIAN_ID: 'X26',
  CCDA_CUSTODIAN_TELECOM: 'tel:+441130000000',
  CCDA_LOCAL_ID_ROOT: '1.2.826.0.1.4242',
  CCDA_TIMEZONE_OFFSET_MINUTES: '60',
};
const CUSTODIAN = '/h:ClinicalDocument/h:custodian/h:assignedCustodian/h:representedCustodianOrganization';

/** The CCDA_* settings as the gateway applies them: in the documents it serves, its metrics and the CLI's output. */
describe('CCDA settings in the running gateway', () => {
  let gw: StartedGateway;
  let xml: string;

  beforeAll(async () => {
    // Its own cache namespace: the SDS endpoints cached here name this sandbox's port, which closes with it.
    gw = await startGateway({ ADMIN_API_KEY: ADMIN_KEY, CACHE_NAMESPACE: `ccda-settings-${process.pid}`, ...CCDA });
    const auth = { Authorization: `Bearer ${ADMIN_KEY}` };
    const res = await fetch(`${gw.url}/admin/documents/patients/${NHS}/refresh`, { method: 'POST', headers: auth });
    expect(res.status).toBe(200);
    const { uniqueId } = (await res.json()) as { uniqueId: string };
    const content = await fetch(`${gw.url}/admin/documents/${uniqueId}`, { headers: auth });
    expect(content.status).toBe(200);
    xml = await content.text();
  });
  afterAll(() => gw?.close());

  it('puts the configured custodian, local id root and time offset in the document it serves', () => {
    const doc = parseXml(xml);
    expect(str(doc, `${CUSTODIAN}/h:name`)).toBe('Leeds Gateway Operations');
    expect(str(doc, `${CUSTODIAN}/h:id/@root`)).toBe('2.16.840.1.113883.2.1.4.3');
    expect(str(doc, `${CUSTODIAN}/h:id/@extension`)).toBe('X26');
    expect(str(doc, `${CUSTODIAN}/h:telecom/@value`)).toBe('tel:+441130000000');
    expect(str(doc, '/h:ClinicalDocument/h:effectiveTime/@value')).toMatch(/^\d{14}\+0100$/);
    expect(xml).toMatch(/<id root="1\.2\.826\.0\.1\.4242" extension="AllergyIntolerance\/[^"]+"\/>/);
  });

  it('exposes the gw_ccda_* metrics once it has converted a record', async () => {
    const m = await (await fetch(`${gw.url}/metrics`)).text();
    expect(m).toMatch(/^gw_ccda_conversions_total\{outcome="ok"\} [1-9]/m);
    expect(m).toMatch(/^gw_ccda_conversion_seconds_count [1-9]/m);
    expect(m).toMatch(/^gw_ccda_narrative_only_items_total\{section="\d+-\d"\} [1-9]/m);
  });

  it('gives, for the same bundle, document id and time, the same bytes as the ccda command line', () => {
    const file = path.join(GPC_BUNDLES_DIR, `${NHS}.json`);
    const uniqueId = '2.25.141233562330474283711532542457812735761';
    const at = '2026-12-01T10:30:00Z';
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'apps/cli/src/main.ts'), file, '--document-id', uniqueId, '--effective-time', at],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...CCDA }, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);

    const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
    const rendered = gw.app
      .get(CcdRenderer)
      .render(bundle, { uniqueId, effectiveTime: new Date(at), warnings: [], practiceOdsCode: 'B82617' });
    expect(rendered.header.effectiveTime).toBe('20261201113000+0100');
    expect(cli.stdout).toBe(rendered.xml);
  });
});
