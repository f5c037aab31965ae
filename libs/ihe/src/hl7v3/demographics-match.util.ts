import type { Patient } from 'fhir/r4';
import type { PatientDiscoveryQuery } from './pdq-query.parser';

/** Lower-case letters only, accents removed: "O'Brien-Smith" ≡ "obriensmith", "Zoë" ≡ "zoe". */
export function normaliseName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

const GENDER: Record<string, string> = { male: 'M', female: 'F' };

export type DemographicsCheck = { ok: true } | { ok: false; reason: 'insufficient' | 'mismatch'; field?: string };

/** True when the query carries enough demographics to confirm a match: family name and birth date. */
export function hasConfirmingDemographics(q: PatientDiscoveryQuery): boolean {
  return !!q.family && !!q.birthDate;
}

/**
 * Confirms a PDS record against the query's demographics: family name (any of the record's names),
 * first given name when sent, birth date at the precision sent, and gender when sent as M or F.
 * A single mismatch means no match (Epic returns matches only for a unique high-confidence match).
 */
export function checkDemographics(q: PatientDiscoveryQuery, p: Patient): DemographicsCheck {
  if (!hasConfirmingDemographics(q)) return { ok: false, reason: 'insufficient' };
  const names = p.name ?? [];
  const family = normaliseName(q.family!);
  if (!names.some((n) => n.family && normaliseName(n.family) === family)) return { ok: false, reason: 'mismatch', field: 'family' };
  if (q.given.length) {
    const given = normaliseName(q.given[0]);
    if (given && !names.some((n) => (n.given ?? []).some((g) => normaliseName(g) === given)))
      return { ok: false, reason: 'mismatch', field: 'given' };
  }
  if (!p.birthDate || !p.birthDate.startsWith(q.birthDate!)) return { ok: false, reason: 'mismatch', field: 'birthDate' };
  if ((q.gender === 'M' || q.gender === 'F') && GENDER[p.gender ?? ''] !== q.gender)
    return { ok: false, reason: 'mismatch', field: 'gender' };
  return { ok: true };
}
