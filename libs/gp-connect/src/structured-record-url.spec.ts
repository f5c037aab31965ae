import { structuredRecordUrl } from './gp-connect-http.client';
import { structuredRecordParameters } from './structured-record-parameters.util';

describe('structuredRecordUrl', () => {
  it('joins the SDS service root without doubling or dropping "/"', () => {
    expect(structuredRecordUrl('https://orange.testlab.nhs.uk/B82617/STU3/1/gpconnect/')).toBe(
      'https://orange.testlab.nhs.uk/B82617/STU3/1/gpconnect/Patient/$gpc.getstructuredrecord',
    );
    expect(structuredRecordUrl('https://orange.testlab.nhs.uk/B82617/STU3/1/gpconnect/structured/fhir')).toBe(
      'https://orange.testlab.nhs.uk/B82617/STU3/1/gpconnect/structured/fhir/Patient/$gpc.getstructuredrecord',
    );
  });

  it('prefixes the Spine Security Proxy with the full provider URL', () => {
    expect(structuredRecordUrl('https://provider.nhs.uk/gpconnect/fhir', 'https://proxy.intspineservices.nhs.uk/')).toBe(
      'https://proxy.intspineservices.nhs.uk/https://provider.nhs.uk/gpconnect/fhir/Patient/$gpc.getstructuredrecord',
    );
  });
});

describe('structuredRecordParameters', () => {
  it('asks for every area without parts GP Connect forbids alongside consultations and problems', () => {
    const p = structuredRecordParameters(
      '9690937286',
      ['includeAllergies', 'includeMedication', 'includeConsultations', 'includeProblems', 'includeImmunisations'],
      3,
    );
    expect(p.parameter).toEqual([
      { name: 'patientNHSNumber', valueIdentifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9690937286' } },
      { name: 'includeAllergies', part: [{ name: 'includeResolvedAllergies', valueBoolean: true }] },
      { name: 'includeMedication', part: [{ name: 'includePrescriptionIssues', valueBoolean: true }] },
      { name: 'includeConsultations', part: [{ name: 'includeNumberOfMostRecent', valuePositiveInt: 3 }] },
      { name: 'includeProblems' },
      { name: 'includeImmunisations' },
    ]);
  });
});
