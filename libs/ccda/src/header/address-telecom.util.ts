import { PostalAddress } from '../ccd-options';
import { arr, isObj, Json, str } from '../fhir/fhir-access.util';
import { XmlWriter } from '../xml/xml-writer.util';

/**
 * FHIR Address.use → HL7 PostalAddressUse, the 2005 value set the US Realm Address binds (and the
 * only codes the CDA schema accepts). It has no "old" code (OLD came later in HL7 V3): FHIR's own
 * v3 map relates `old` ("Old / Incorrect") to BAD, the flag that tells a reader not to use the address.
 */
const ADDRESS_USE: Record<string, string> = { home: 'HP', work: 'WP', temp: 'TMP', old: 'BAD' };

/**
 * FHIR ContactPoint.use → Telecom Use (US Realm Header): HP, WP, MC (and HV, AS, EC, PG, unused
 * here). A temporary or old contact point has no code in that value set and keeps no @use.
 */
const TELECOM_USE: Record<string, string> = { home: 'HP', work: 'WP', mobile: 'MC' };

const GB_NAMES = /^(gb|gbr|uk|united kingdom|great britain|england|scotland|wales|northern ireland)$/i;
const US_NAMES = /^(us|usa|united states|united states of america)$/i;

type Address = PostalAddress & { use?: string };

/**
 * FHIR Address → our neutral address. GP Connect addresses are UK ones: `district` is the county and
 * a missing country is GB. Only a US address has a US state (`state`); elsewhere `state` is a county.
 */
export function fromFhirAddress(a: unknown): Address | undefined {
  if (!isObj(a)) return undefined;
  const lines = arr<string>(a.line).filter((l) => typeof l === 'string' && l.trim() !== '');
  const city = str(a.city);
  const raw = str(a.country)?.trim();
  const country = !raw || GB_NAMES.test(raw) ? 'GB' : US_NAMES.test(raw) ? 'US' : raw;
  const state = country === 'US' ? str(a.state) : undefined;
  const county = country === 'US' ? str(a.district) : (str(a.district) ?? str(a.state));
  const postalCode = str(a.postalCode);
  if (!lines.length && !city && !postalCode && !county && !state) return undefined;
  return { lines, city, county, state, postalCode, country, use: ADDRESS_USE[String(a.use)] };
}

/**
 * US Realm Address: 1–4 `streetAddressLine` (overflow lines joined into the 4th, never dropped),
 * `city` (UNK when the source has none), `county`, `state`, `postalCode`, `country`, and `@use`.
 * A US state is not applicable to an address in another country (`state nullFlavor="NA"`). An
 * unknown address is written as a `use`-qualified address whose every part is unknown: it says the
 * same as `addr nullFlavor="UNK"` and also which address it is (the patient's home, an
 * organisation's workplace), as the address SHOULDs ask. No loose text.
 */
export function writeAddress(w: XmlWriter, a: Address | undefined, use?: string): void {
  if (!a) {
    w.open('addr', { use });
    for (const part of ['streetAddressLine', 'city', 'state', 'postalCode', 'country']) w.empty(part, { nullFlavor: 'UNK' });
    w.end('addr');
    return;
  }
  w.open('addr', { use: a.use ?? use });
  const lines = a.lines.length > 4 ? [...a.lines.slice(0, 3), a.lines.slice(3).join(', ')] : a.lines;
  if (lines.length === 0) w.empty('streetAddressLine', { nullFlavor: 'UNK' });
  for (const l of lines) w.leaf('streetAddressLine', l);
  if (a.city) w.leaf('city', a.city);
  else w.empty('city', { nullFlavor: 'UNK' });
  if (a.county) w.leaf('county', a.county);
  const country = a.country ?? 'GB';
  if (country !== 'US') w.empty('state', { nullFlavor: 'NA' });
  else if (a.state) w.leaf('state', a.state);
  else w.empty('state', { nullFlavor: 'UNK' });
  if (a.postalCode) w.leaf('postalCode', a.postalCode);
  else if (country === 'US') w.empty('postalCode', { nullFlavor: 'UNK' });
  w.leaf('country', country);
  w.end('addr');
}

/** FHIR ContactPoint → TEL URL (`tel:` without spaces, `mailto:`), or undefined when unusable. */
export function telecomUrl(cp: Json): { value: string; use?: string } | undefined {
  const v = str(cp.value);
  if (!v) return undefined;
  let compact = '';
  for (const ch of v.trim()) if (ch !== ' ' && ch !== '(' && ch !== ')' && ch !== '-') compact += ch;
  let value: string | undefined;
  switch (cp.system) {
    case 'phone':
    case 'sms':
      value = 'tel:' + compact;
      break;
    case 'fax':
      value = 'fax:' + compact;
      break;
    case 'email':
      value = 'mailto:' + v.trim();
      break;
    case 'url':
      value = v.trim();
      break;
    default:
      value = undefined;
  }
  return value ? { value, use: TELECOM_USE[String(cp.use)] } : undefined;
}

/**
 * All usable telecoms, or one `telecom nullFlavor="UNK"` (telecom is SHALL 1..* where used). A
 * contact point without a use gets `defaultUse` (an organisation's or a place's number is a
 * workplace one, WP); the unknown one gets `unknownUse`: "the work number is unknown" is still true.
 */
export function writeTelecoms(w: XmlWriter, telecom: unknown, defaultUse?: string, unknownUse = defaultUse): void {
  let n = 0;
  for (const cp of arr(telecom)) {
    if (!isObj(cp)) continue;
    const t = telecomUrl(cp);
    if (!t) continue;
    // A use the value set cannot say (temp, old) is left out rather than replaced by the default.
    const use = t.use ?? (str(cp.use) === undefined ? defaultUse : undefined);
    w.empty('telecom', { use, value: t.value });
    n++;
  }
  if (n === 0) writeUnknownTelecom(w, unknownUse);
}

/** The one `telecom` of a party whose number is not known: nullFlavor UNK, with the use whose number it is. */
export function writeUnknownTelecom(w: XmlWriter, use: string | undefined): void {
  w.empty('telecom', { nullFlavor: 'UNK', use });
}
