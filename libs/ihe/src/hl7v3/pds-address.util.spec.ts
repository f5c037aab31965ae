import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Address } from 'fhir/r4';
import { splitPdsAddressLines } from './pds-address.util';

/** The PDS responses the embedded sandbox serves (a byte-for-byte copy of the team's PDS reference set). */
const PDS_DATA = path.join(__dirname, '../../../../apps/nhs-sandbox/data/pds');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? jsonFiles(p) : p.endsWith('.json') ? [p] : [];
  });
}

function addressesIn(value: unknown): Address[] {
  if (Array.isArray(value)) return value.flatMap(addressesIn);
  if (!value || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const own = Array.isArray(o.line) && ('postalCode' in o || 'use' in o) ? [o as Address] : [];
  return [...own, ...Object.values(o).flatMap(addressesIn)];
}

function addressOf(file: string): Address {
  return addressesIn(JSON.parse(readFileSync(path.join(PDS_DATA, file), 'utf8')))[0];
}

const split = (a: Address) => splitPdsAddressLines(a.line ?? [], a.postalCode);

describe('splitPdsAddressLines on the PDS responses the sandbox serves', () => {
  it.each([
    ['live-int-responses/9690937286.json', ['3 BOWESFIELD CRESCENT'], 'STOCKTON-ON-TEES', undefined],
    ['live-int-responses/9690937278.json', ['268 PIPER KNOWLE ROAD'], 'STOCKTON-ON-TEES', 'CLEVELAND'],
    [
      'karate-tests/src/test/java/mocks/stubs/patientResponses/patient_9000000009.json',
      ['1 Trevelyan Square', 'Boar Lane', 'City Centre'],
      'Leeds',
      'West Yorkshire',
    ],
    [
      'karate-tests/src/test/java/mocks/stubs/patientResponses/patient_9736363015.json',
      ['SHERINGHAM', 'CROWLE MOORS', 'CROWLE'],
      'SCUNTHORPE',
      'S HUMBERSIDE',
    ],
    [
      'karate-tests/src/test/java/mocks/stubs/patientResponses/patient_9736363066.json',
      ['1 SCHOOL ROAD', 'WINTERINGHAM'],
      'SCUNTHORPE',
      undefined,
    ],
    [
      'karate-tests/src/test/java/mocks/stubs/patientResponses/patient_5900046192.json',
      ['Flat 16, The Heights', 'Curley Rows'],
      'WALLINGTON',
      'Surrey',
    ],
    [
      'karate-tests/src/test/java/mocks/stubs/searchResponses/cuff_superseded_searchset.json',
      ['2 CHURCH CLOSE', 'BONBY'],
      'BRIGG',
      'S HUMBERSIDE',
    ],
  ])('%s: the post town before the postcode (or before the county) is the city', (file, streetLines, city, county) => {
    expect(split(addressOf(file))).toEqual({ streetLines, city, county });
  });

  it('leaves a one-line address (no post town to identify) as it is', () => {
    expect(split(addressOf('karate-tests/src/test/java/mocks/stubs/patientResponses/patient_9732110317.json'))).toEqual({
      streetLines: ['3984 Tomika Greens'],
    });
  });

  it('never drops or reorders a line, for every address in the PDS data', () => {
    const all = jsonFiles(PDS_DATA).flatMap((f) => addressesIn(JSON.parse(readFileSync(f, 'utf8'))));
    expect(all.length).toBeGreaterThan(10);
    for (const a of all) {
      const parts = split(a);
      const back = [...parts.streetLines, ...(parts.city ? [parts.city] : []), ...(parts.county ? [parts.county] : [])];
      expect(back).toEqual((a.line ?? []).map((l) => l.trim()).filter(Boolean));
    }
  });
});

describe('splitPdsAddressLines on other PDS address shapes', () => {
  // Shapes from the PDS sandbox's search responses (nhs/pds karate-tests searchResponses) and its patch examples.
  it.each([
    [['1', 'Shelfford Street', 'Scunthorpe'], 'DN15 1AA', ['1', 'Shelfford Street'], 'Scunthorpe', undefined],
    [['12', 'somewhere', 'london'], 'N1 1AA', ['12', 'somewhere'], 'london', undefined],
    [['3', '1 Albert Square Meadowside', 'DUNDEE'], 'DD1 1DD', ['3', '1 Albert Square Meadowside'], 'DUNDEE', undefined],
    [
      ['CRESTA', 'COLLEGE ROAD', 'EAST HALTON', 'IMMINGHAM', 'S HUMBERSIDE'],
      'DN40 3PZ',
      ['CRESTA', 'COLLEGE ROAD', 'EAST HALTON'],
      'IMMINGHAM',
      'S HUMBERSIDE',
    ],
    [['1 HUNTERS CROFT', 'HAXEY', 'DONCASTER', 'S YORKSHIRE'], 'DN9 2JF', ['1 HUNTERS CROFT', 'HAXEY'], 'DONCASTER', 'S YORKSHIRE'],
    [['', '23 Mill Lane', '', 'Leeds', ''], 'LS1 6AE', ['23 Mill Lane'], 'Leeds', undefined],
    [['2 High Street', 'Uxbridge', 'MIDDX'], 'UB8 1AA', ['2 High Street'], 'Uxbridge', 'MIDDX'],
  ])('%j %s', (lines, postcode, streetLines, city, county) => {
    expect(splitPdsAddressLines(lines, postcode)).toEqual({ streetLines, city, county });
  });

  it.each([
    ['no postcode', ['3 BOWESFIELD CRESCENT', 'STOCKTON-ON-TEES'], undefined],
    ['a numbered last line', ['Flat 1', '23 Mill Lane'], 'LS1 6AE'],
    ['a thoroughfare last line', ['The Old Schoolhouse', 'Mill Lane'], 'LS1 6AE'],
    ['only a street before the county', ['2 Whitehall Quay', 'West Yorkshire'], 'LS1 6AE'],
  ])('keeps every line a street line when the post town is not identifiable (%s)', (_why, lines, postcode) => {
    expect(splitPdsAddressLines(lines, postcode)).toEqual({ streetLines: lines.filter(Boolean) });
  });
});
