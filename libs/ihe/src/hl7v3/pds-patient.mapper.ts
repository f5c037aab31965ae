import type { Address, HumanName, Patient } from 'fhir/r4';
import { fhirDateTimeToHl7, fhirDateToHl7 } from './hl7-time.util';
import type { DiscoveredPatient } from './prpa-in201306.builder';
import { splitPdsAddressLines, type AddressParts } from './pds-address.util';
import { NHS_NUMBER_OID, ODS_ORG_OID } from '@gw/hl7-datatypes';

const NAME_USE_ORDER = ['usual', 'official'];

/** PDS's main name: `usual`, then `official`, then the first current name (nhs-apis.md §2.4). */
export function mainName(p: Patient): HumanName | undefined {
  const current = (p.name ?? []).filter((n) => !n.period?.end || Date.parse(n.period.end) > Date.now());
  for (const use of NAME_USE_ORDER) {
    const n = current.find((x) => x.use === use);
    if (n) return n;
  }
  return current[0] ?? p.name?.[0];
}

const GENDER: Record<string, 'M' | 'F' | 'UN'> = { male: 'M', female: 'F', other: 'UN' };

/** FHIR address use → HL7 AD use. */
const ADDRESS_USE: Record<string, string> = { home: 'H', work: 'WP', temp: 'TMP', old: 'OLD', billing: 'PST' };
const TELECOM_USE: Record<string, string> = { home: 'HP', work: 'WP', mobile: 'MC', temp: 'TMP' };

function currentAddresses(p: Patient): Address[] {
  return (p.address ?? []).filter((ad) => !ad.period?.end || Date.parse(ad.period.end) > Date.now());
}

function telecomUri(system: string | undefined, value: string): string | undefined {
  if (/^[a-z]+:/i.test(value)) return value;
  if (system === 'phone' || system === 'sms') return `tel:${value.replace(/\s+/g, '')}`;
  if (system === 'email') return `mailto:${value}`;
  if (system === 'fax') return `fax:${value.replace(/\s+/g, '')}`;
  return undefined;
}

/** Maps a PDS Patient to what a PRPA_IN201306UV02 subject discloses. */
export function toDiscoveredPatient(
  p: Patient,
  nhsNumber: string,
  otherIds: Array<{ root: string; extension: string }> = [],
): DiscoveredPatient {
  const name = mainName(p);
  const gp = p.generalPractitioner?.[0]?.identifier;
  const deceased = p.deceasedDateTime ? { time: fhirDateTimeToHl7(p.deceasedDateTime) } : p.deceasedBoolean ? {} : undefined;
  return {
    id: { root: NHS_NUMBER_OID, extension: nhsNumber },
    family: name?.family,
    given: name?.given ?? [],
    prefix: name?.prefix ?? [],
    gender: p.gender ? GENDER[p.gender] : undefined,
    birthTime: fhirDateToHl7(p.birthDate),
    deceased,
    addresses: currentAddresses(p).map((ad) => {
      // PDS sends lines only; the post town (and county) come out of them where identifiable.
      const parts: AddressParts = ad.city
        ? { streetLines: (ad.line ?? []).filter((l) => l && l.trim()), city: ad.city }
        : splitPdsAddressLines(ad.line ?? [], ad.postalCode);
      return {
        use: ad.use ? ADDRESS_USE[ad.use] : undefined,
        lines: parts.streetLines,
        city: parts.city,
        county: parts.county ?? ad.district,
        postalCode: ad.postalCode,
        country: ad.country,
      };
    }),
    telecom: (p.telecom ?? []).flatMap((c) => {
      const uri = c.value ? telecomUri(c.system, c.value) : undefined;
      return uri ? [{ value: uri, use: c.use ? TELECOM_USE[c.use] : undefined }] : [];
    }),
    gp: gp?.value ? { root: ODS_ORG_OID, extension: gp.value } : undefined,
    otherIds,
  };
}
