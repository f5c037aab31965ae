import { normaliseCountyLine, UK_COUNTIES } from './uk-counties.const';

/** The parts of a PDS address an HL7 v3 AD is written from. */
export interface AddressParts {
  streetLines: string[];
  city?: string;
  county?: string;
}

/**
 * Thoroughfare descriptors: a line ending in one is a street, never a post town, even without a
 * house number ("Mill Lane"). Upper case.
 */
const THOROUGHFARE =
  /\b(ROAD|RD|STREET|ST|LANE|AVENUE|AVE|CLOSE|CRESCENT|DRIVE|WAY|COURT|SQUARE|PLACE|GARDENS|TERRACE|GROVE|RISE|WALK|PARADE|MEWS|ROW|ROWS|QUAY|VIEW|BOULEVARD)$/;

function isCounty(line: string): boolean {
  return UK_COUNTIES.has(normaliseCountyLine(line));
}

/** A line that can be a post town: words only (no house or flat number), not a thoroughfare, not a county. */
function couldBePostTown(line: string): boolean {
  const s = line.trim().toUpperCase();
  return /^[A-Z][A-Z' .-]*[A-Z]$/.test(s) && !THOROUGHFARE.test(s) && !isCounty(s);
}

/**
 * Splits PDS address lines into street lines, post town and county. PDS gives lines only, in its
 * address convention (premises, thoroughfare, locality, **post town**, county if present), with
 * blank lines left out, so the post town is the line before the postcode or, when that line is a
 * county, the line before it. It is returned as `city` only when it is identifiable: the address
 * has a postcode, the line is not the first (a street line remains), and it reads as a town (no
 * number, not a thoroughfare). Otherwise every line stays a street line, as PDS sent it; nothing
 * is dropped or reordered.
 */
export function splitPdsAddressLines(rawLines: readonly string[], postalCode: string | undefined): AddressParts {
  const lines = rawLines.map((l) => l.trim()).filter((l) => l !== '');
  if (!postalCode?.trim() || lines.length < 2) return { streetLines: lines };
  const hasCounty = isCounty(lines[lines.length - 1]);
  const townIndex = hasCounty ? lines.length - 2 : lines.length - 1;
  if (townIndex < 1 || !couldBePostTown(lines[townIndex])) return { streetLines: lines };
  return {
    streetLines: lines.slice(0, townIndex),
    city: lines[townIndex],
    county: hasCounty ? lines[lines.length - 1] : undefined,
  };
}
