import { GP_CONNECT_AREAS, type GpConnectArea } from '@gw/gp-connect';
import { isValidNhsNumber } from '@gw/nhs-number';
import { GpConnectError } from './gp-connect-errors';

type Part = { name?: string; [k: string]: unknown };
type Param = { name?: string; part?: Part[]; [k: string]: unknown };

/** Parts each clinical area accepts, with the value[x] each must carry (one entry per area of GP_CONNECT_AREAS). */
const AREAS: Record<GpConnectArea, Record<string, string>> = {
  includeAllergies: { includeResolvedAllergies: 'valueBoolean' },
  includeMedication: { includePrescriptionIssues: 'valueBoolean', medicationSearchFromDate: 'valueDate' },
  includeConsultations: { consultationSearchPeriod: 'valuePeriod', includeNumberOfMostRecent: 'valuePositiveInt' },
  includeProblems: { filterStatus: 'valueCode' },
  includeImmunisations: { includeNotGiven: 'valueBoolean', includeStatus: 'valueBoolean' },
  includeUncategorisedData: { uncategorisedDataSearchPeriod: 'valuePeriod' },
  includeInvestigations: { investigationSearchPeriod: 'valuePeriod' },
  includeReferrals: { referralSearchPeriod: 'valuePeriod' },
  includeDiaryEntries: { diaryEntriesSearchDate: 'valueDate' },
};

/** Parts forbidden when includeConsultations or includeProblems is requested (and, with consultations, filterStatus). */
const FORBIDDEN_WITH_CONSULTATIONS_OR_PROBLEMS = [
  'includeMedication.medicationSearchFromDate',
  'includeUncategorisedData.uncategorisedDataSearchPeriod',
  'includeReferrals.referralSearchPeriod',
  'includeDiaryEntries.diaryEntriesSearchDate',
  'includeImmunisations.includeNotGiven',
  'includeImmunisations.includeStatus',
];

function isArea(name: string): name is GpConnectArea {
  return (GP_CONNECT_AREAS as readonly string[]).includes(name);
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface StructuredRequest {
  nhsNumber: string;
  areas: Set<string>;
  unrecognised: string[];
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function checkPeriod(where: string, p: unknown): void {
  const period = p as { start?: string; end?: string } | undefined;
  for (const d of [period?.start, period?.end]) {
    if (d !== undefined && (!FULL_DATE.test(d) || d > today()))
      throw new GpConnectError('INVALID_PARAMETER', `${where} must use full dates not in the future`);
  }
  if (!period?.start && !period?.end) throw new GpConnectError('INVALID_PARAMETER', `${where} has no start or end`);
  if (period.start && period.end && period.start > period.end)
    throw new GpConnectError('INVALID_PARAMETER', `${where} start is after its end`);
}

/** Validates a $gpc.getstructuredrecord Parameters body the way GP Connect 1.6 providers do. */
export function checkParameters(body: unknown): StructuredRequest {
  const params = body as { resourceType?: string; parameter?: Param[] };
  if (params?.resourceType !== 'Parameters' || !Array.isArray(params.parameter))
    throw new GpConnectError('INVALID_RESOURCE', 'Body must be a Parameters resource');
  const nhs = params.parameter.filter((p) => p?.name === 'patientNHSNumber');
  if (nhs.length === 0) throw new GpConnectError('INVALID_PARAMETER', 'patientNHSNumber is required');
  if (nhs.length > 1) throw new GpConnectError('BAD_REQUEST', 'patientNHSNumber is repeated');
  const id = nhs[0].valueIdentifier as { system?: string; value?: string } | undefined;
  if (id?.system !== 'https://fhir.nhs.uk/Id/nhs-number') throw new GpConnectError('INVALID_IDENTIFIER_SYSTEM', 'patientNHSNumber');
  if (!id.value) throw new GpConnectError('INVALID_IDENTIFIER_VALUE', 'patientNHSNumber');
  if (!isValidNhsNumber(id.value) || !/^\d{10}$/.test(id.value)) throw new GpConnectError('INVALID_NHS_NUMBER', 'patientNHSNumber');

  const areas = new Set<string>();
  const unrecognised: string[] = [];
  const present = new Set<string>();
  for (const p of params.parameter) {
    if (p?.name === 'patientNHSNumber') continue;
    const name = String(p?.name ?? '');
    const allowed = isArea(name) ? AREAS[name] : undefined;
    if (!allowed) {
      unrecognised.push(name);
      continue;
    }
    if (areas.has(name)) throw new GpConnectError('INVALID_RESOURCE', `${name} is repeated`);
    areas.add(name);
    const seen = new Set<string>();
    if (p.part !== undefined && !Array.isArray(p.part)) throw new GpConnectError('INVALID_RESOURCE', `${name}.part must be a list`);
    for (const part of p.part ?? []) {
      const partName = String(part?.name ?? '');
      const valueKey = allowed[partName];
      if (!valueKey) throw new GpConnectError('INVALID_PARAMETER', `${name}.${partName} is not a part of ${name}`);
      if (seen.has(partName)) throw new GpConnectError('INVALID_RESOURCE', `${name}.${partName} is repeated`);
      seen.add(partName);
      const value = part[valueKey];
      if (value === undefined || value === null) throw new GpConnectError('INVALID_PARAMETER', `${name}.${partName} has no ${valueKey}`);
      present.add(`${name}.${partName}`);
      if (valueKey === 'valueBoolean' && typeof value !== 'boolean') throw new GpConnectError('INVALID_PARAMETER', `${name}.${partName}`);
      if (valueKey === 'valuePositiveInt' && !(Number.isInteger(value) && (value as number) > 0))
        throw new GpConnectError('INVALID_PARAMETER', `${name}.${partName}`);
      if (valueKey === 'valuePeriod') checkPeriod(`${name}.${partName}`, value);
      if (partName === 'medicationSearchFromDate' && (!FULL_DATE.test(String(value)) || String(value) > today()))
        throw new GpConnectError('INVALID_PARAMETER', `${name}.${partName}`);
      if (partName === 'diaryEntriesSearchDate' && (!FULL_DATE.test(String(value)) || String(value) < today()))
        throw new GpConnectError('INVALID_PARAMETER', `${name}.${partName}`);
      if (partName === 'filterStatus' && !['active', 'inactive'].includes(String(value)))
        throw new GpConnectError('INVALID_PARAMETER', `${name}.${partName}`);
    }
    if (name === 'includeAllergies' && !seen.has('includeResolvedAllergies'))
      throw new GpConnectError('INVALID_PARAMETER', 'includeAllergies.includeResolvedAllergies is mandatory');
    if (name === 'includeConsultations' && seen.has('consultationSearchPeriod') && seen.has('includeNumberOfMostRecent'))
      throw new GpConnectError(
        'INVALID_RESOURCE',
        'includeConsultations: consultationSearchPeriod and includeNumberOfMostRecent cannot both be given',
      );
  }
  if (areas.has('includeConsultations') || areas.has('includeProblems')) {
    const bad = FORBIDDEN_WITH_CONSULTATIONS_OR_PROBLEMS.find((p) => present.has(p));
    if (bad) throw new GpConnectError('INVALID_PARAMETER', bad);
  }
  if (areas.has('includeConsultations') && present.has('includeProblems.filterStatus'))
    throw new GpConnectError('INVALID_PARAMETER', 'includeProblems.filterStatus');
  if (!areas.size) throw new GpConnectError('INVALID_PARAMETER', 'No clinical area was requested');
  return { nhsNumber: id.value, areas, unrecognised };
}
