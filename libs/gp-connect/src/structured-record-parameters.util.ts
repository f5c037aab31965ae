import type { Parameters, ParametersParameter } from 'fhir/r3';
import type { GpConnectArea } from './gp-connect.config';

/**
 * The $gpc.getstructuredrecord Parameters body. Resolved allergies and prescription issues are
 * always asked for; no search periods or dates are sent, because with includeConsultations or
 * includeProblems present GP Connect forbids them (422 INVALID_PARAMETER).
 */
export function structuredRecordParameters(nhsNumber: string, areas: readonly string[], consultationsMostRecent: number): Parameters {
  const parameter: ParametersParameter[] = [
    { name: 'patientNHSNumber', valueIdentifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } },
  ];
  const want = new Set(areas as GpConnectArea[]);
  if (want.has('includeAllergies'))
    parameter.push({ name: 'includeAllergies', part: [{ name: 'includeResolvedAllergies', valueBoolean: true }] });
  if (want.has('includeMedication'))
    parameter.push({ name: 'includeMedication', part: [{ name: 'includePrescriptionIssues', valueBoolean: true }] });
  if (want.has('includeConsultations'))
    parameter.push({
      name: 'includeConsultations',
      part: [{ name: 'includeNumberOfMostRecent', valuePositiveInt: consultationsMostRecent }],
    });
  for (const area of [
    'includeProblems',
    'includeImmunisations',
    'includeUncategorisedData',
    'includeInvestigations',
    'includeReferrals',
    'includeDiaryEntries',
  ] as const) {
    if (want.has(area)) parameter.push({ name: area });
  }
  return { resourceType: 'Parameters', parameter };
}
