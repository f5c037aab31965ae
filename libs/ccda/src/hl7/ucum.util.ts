import { UcumLhcUtils } from '@lhncbc/ucum-lhc';

/**
 * UCUM units for FHIR Quantities. GP systems mostly send only the printed `unit`; when that string
 * is a valid UCUM expression (checked by the NLM UCUM library, not by a local grammar) or is one of
 * the printed forms below, it is the UCUM unit. Anything else is not guessed: the caller keeps the
 * number with the printed unit (see writeQuantity).
 */

/**
 * Printed units seen from GP systems that are not UCUM as written, with their UCUM form (units that
 * are valid UCUM as printed, e.g. "mmol/l", are kept as printed). "C" and "u/L" are
 * valid UCUM with another meaning (coulomb, dalton per litre) and are converted.
 */
export const PRINTED_TO_UCUM: Readonly<Record<string, string>> = {
  mmHg: 'mm[Hg]',
  'mm Hg': 'mm[Hg]',
  'mm/Hg': 'mm[Hg]',
  // "C" is valid UCUM for coulomb; no GP observation is in coulombs, and GP systems print Celsius so.
  C: 'Cel',
  '°C': 'Cel',
  degC: 'Cel',
  'deg C': 'Cel',
  'x10^9/L': '10*9/L',
  'x10*9/L': '10*9/L',
  '10^9/L': '10*9/L',
  'x10^12/L': '10*12/L',
  'x10*12/L': '10*12/L',
  '10^12/L': '10*12/L',
  'kg/m^2': 'kg/m2',
  'kg/m²': 'kg/m2',
  'mL/min/1.73m2': 'mL/min/{1.73_m2}',
  'ml/min/1.73m2': 'mL/min/{1.73_m2}',
  'mL/min/1.73m^2': 'mL/min/{1.73_m2}',
  'ml/min/1.73m^2': 'mL/min/{1.73_m2}',
  'mL/min/1.73 m2': 'mL/min/{1.73_m2}',
  'IU/L': '[iU]/L',
  'iu/L': '[iU]/L',
  'IU/l': '[iU]/L',
  'iu/l': '[iU]/L',
  'mIU/L': 'm[iU]/L',
  // "u" is valid UCUM for the dalton; GP systems mean enzyme units.
  'u/L': 'U/L',
  'µmol/L': 'umol/L',
  'µmol/l': 'umol/L',
  'µg/L': 'ug/L',
  bpm: '{beats}/min',
  'beats/min': '{beats}/min',
  'beats per minute': '{beats}/min',
  'per minute': '/min',
  'breaths/min': '{breaths}/min',
  'breaths per minute': '{breaths}/min',
  // UK alcohol units (10 mL / 8 g of ethanol each) are counted, so they are a UCUM annotation.
  'units/week': '{units}/wk',
  'units per week': '{units}/wk',
  'units/wk': '{units}/wk',
  'units/day': '{units}/d',
  'units per day': '{units}/d',
  'cigarettes/day': '{cigarettes}/d',
  'cigs/day': '{cigarettes}/d',
  years: 'a',
  yrs: 'a',
  Kg: 'kg',
  kgs: 'kg',
  CM: 'cm',
  metres: 'm',
};

const UCUM_SYSTEM = 'http://unitsofmeasure.org';
const checked = new Map<string, boolean>();
const MAX_CACHE = 2048;

/** True when the string is a valid UCUM expression, by the NLM library (results cached per unit). */
export function isUcum(unit: string): boolean {
  // UCUM has no spaces or non-ASCII characters; such strings are not sent to the library (it logs them).
  if (unit.length === 0 || unit.length > 64 || !/^[\x21-\x7e]+$/.test(unit)) return false;
  const hit = checked.get(unit);
  if (hit !== undefined) return hit;
  let ok = false;
  try {
    const r = UcumLhcUtils.getInstance().validateUnitString(unit, false);
    ok = r.status === 'valid' && r.ucumCode === unit;
  } catch {
    ok = false;
  }
  if (checked.size >= MAX_CACHE) checked.clear();
  checked.set(unit, ok);
  return ok;
}

export interface ResolvedUnit {
  /** The UCUM unit, when there is one. */
  ucum?: string;
  /** The unit as the GP system printed it (the Quantity's `unit`), when it differs from `ucum` or there is none. */
  printed?: string;
}

/**
 * The UCUM unit of a FHIR Quantity: its `code` when the system is UCUM and the code is valid,
 * else its printed `unit` when that is UCUM or a known printed form; otherwise only the printed unit.
 * A Quantity with no unit at all is a pure number (UCUM "1").
 */
export function resolveUnit(q: Record<string, unknown> | undefined): ResolvedUnit {
  if (!q) return {};
  const printed = typeof q.unit === 'string' && q.unit.trim() !== '' ? q.unit.trim() : undefined;
  const code = typeof q.code === 'string' && q.code.trim() !== '' ? q.code.trim() : undefined;
  const differs = (u: string) => (printed && printed !== u ? { ucum: u, printed } : { ucum: u });
  if (code && q.system === UCUM_SYSTEM && isUcum(code)) return differs(code);
  if (printed) {
    const mapped = PRINTED_TO_UCUM[printed];
    if (mapped) return { ucum: mapped, printed };
    if (isUcum(printed)) return { ucum: printed };
    return { printed };
  }
  if (code && !q.system && isUcum(code)) return { ucum: code };
  if (code) return { printed: code };
  return { ucum: '1' };
}
