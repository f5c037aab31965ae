import { PostalAddress } from '../ccd-options';
import { arr, isObj, Json, str } from '../fhir/fhir-access.util';
import { XmlWriter } from '../xml/xml-writer.util';

const ADDRESS_USE: Record<string, string> = { home: 'HP', work: 'WP', temp: 'TMP', old: 'OLD' };
const TELECOM_USE: Record<string, string> = { home: 'HP', work: 'WP', mobile: 'MC', temp: 'TMP' };

/** FHIR Address → our neutral address (lines, city, county ← district, postcode, country). */
export function fromFhirAddress(a: unknown): (PostalAddress & { use?: string }) | undefined {
  if (!isObj(a)) return undefined;
  const lines = arr<string>(a.line).filter((l) => typeof l === 'string' && l.trim() !== '');
  const city = str(a.city);
  const county = str(a.district) ?? str(a.state);
  const postalCode = str(a.postalCode);
  if (!lines.length && !city && !postalCode && !county) return undefined;
  let country = str(a.country);
  if (!country || country === 'UK' || /^united kingdom$/i.test(country) || country === 'GBR') country = 'GB';
  return { lines, city, county, postalCode, country, use: ADDRESS_USE[String(a.use)] };
}

/**
 * US Realm Address: 1–4 `streetAddressLine` (overflow lines joined into the 4th, never dropped),
 * `city` (UNK when the source has none), `county`, `postalCode`, `country`. No loose text.
 */
export function writeAddress(w: XmlWriter, a: (PostalAddress & { use?: string }) | undefined, use?: string): void {
  if (!a) {
    w.empty('addr', { nullFlavor: 'UNK' });
    return;
  }
  w.open('addr', { use: a.use ?? use });
  const lines = a.lines.length > 4 ? [...a.lines.slice(0, 3), a.lines.slice(3).join(', ')] : a.lines;
  if (lines.length === 0) w.empty('streetAddressLine', { nullFlavor: 'UNK' });
  for (const l of lines) w.leaf('streetAddressLine', l);
  if (a.city) w.leaf('city', a.city);
  else w.empty('city', { nullFlavor: 'UNK' });
  if (a.county) w.leaf('county', a.county);
  if (a.postalCode) w.leaf('postalCode', a.postalCode);
  w.leaf('country', a.country ?? 'GB');
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

/** All usable telecoms, or one `telecom nullFlavor="UNK"` (telecom is SHALL 1..* where used). */
export function writeTelecoms(w: XmlWriter, telecom: unknown, defaultUse?: string): void {
  let n = 0;
  for (const cp of arr(telecom)) {
    if (!isObj(cp)) continue;
    const t = telecomUrl(cp);
    if (!t) continue;
    w.empty('telecom', { use: t.use ?? defaultUse, value: t.value });
    n++;
  }
  if (n === 0) w.empty('telecom', { nullFlavor: 'UNK' });
}
