import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { iti47Envelope, matchParams, matchPatient, sandboxPatient } from '../support/patient-match';

/**
 * PDS gives address lines only; the ITI-55 and ITI-47 answers name the post town as `city` (and a
 * county line as `county`) where it is identifiable, keeping the other lines as street lines, in
 * order. Sandbox patients from the PDS INT responses, over HTTP, answers valid for validate.sh.
 */
function addr(xml: string): string {
  return /<addr[^>]*>.*?<\/addr>/s.exec(xml)?.[0] ?? '';
}

describe('ITI-55 / ITI-47 addresses from PDS lines', () => {
  let gw: StartedGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('ITI-55: the line before the postcode is the city (3 BOWESFIELD CRESCENT, STOCKTON-ON-TEES)', async () => {
    const xml = await matchPatient(gw.url, '9690937286');
    expect(addr(xml)).toBe(
      '<addr use="H"><streetAddressLine>3 BOWESFIELD CRESCENT</streetAddressLine><city>STOCKTON-ON-TEES</city><postalCode>TS18 3BL</postalCode></addr>',
    );
    const v = await validateIhe(xml, { strict: true });
    if (!v.ok) throw new Error(v.output);
  });

  it('ITI-47: a county line after the post town is the county (268 PIPER KNOWLE ROAD, STOCKTON-ON-TEES, CLEVELAND)', async () => {
    const res = await fetch(`${gw.url}/SOAP/iti47`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: iti47Envelope(matchParams(sandboxPatient('9690937278')!)),
    });
    const xml = await res.text();
    expect(addr(xml)).toBe(
      '<addr use="H"><streetAddressLine>268 PIPER KNOWLE ROAD</streetAddressLine><city>STOCKTON-ON-TEES</city><county>CLEVELAND</county><postalCode>TS19 8JP</postalCode></addr>',
    );
    const v = await validateIhe(xml, { strict: true });
    if (!v.ok) throw new Error(v.output);
  });
});
