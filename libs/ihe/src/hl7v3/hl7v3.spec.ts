import type { Patient } from 'fhir/r4';
import { parseXml } from '@gw/soap';
import { fhirDateTimeToHl7, fhirDateToHl7, hl7Timestamp, hl7ToFhirDate } from './hl7-time.util';
import { parsePatientDiscoveryQuery } from './pdq-query.parser';
import { checkDemographics } from './demographics-match.util';
import { mainName, toDiscoveredPatient } from './pds-patient.mapper';

describe('HL7 time', () => {
  it('formats instants as TS with offset and dates at their precision', () => {
    expect(hl7Timestamp(new Date('2026-03-04T05:06:07.890Z'))).toBe('20260304050607+0000');
    expect([fhirDateToHl7('1938-12-11'), fhirDateToHl7('1938-12'), fhirDateToHl7('1938')]).toEqual(['19381211', '193812', '1938']);
    expect(fhirDateTimeToHl7('1993-02-17T10:00:00+01:00')).toBe('19930217090000+0000');
  });
  it('reads TS dates and refuses impossible ones', () => {
    expect(hl7ToFhirDate('19381211120000+0100')).toBe('1938-12-11');
    expect(hl7ToFhirDate('193812')).toBe('1938-12');
    expect(hl7ToFhirDate('19849711')).toBeUndefined();
    expect(hl7ToFhirDate('20230229')).toBeUndefined();
    expect(hl7ToFhirDate('20240229')).toBe('2024-02-29');
  });
});

const query = (params: string, extra = '') =>
  parseXml(
    `<q:PRPA_IN201305UV02 xmlns:q="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><q:id root="1.2.3" extension="m1"/><q:processingCode code="T"/>` +
      `<q:sender typeCode="SND"><q:device><q:id root="9.8.7"/><q:asAgent><q:representedOrganization><q:id root="9.8"/></q:representedOrganization></q:asAgent></q:device></q:sender>` +
      `<q:controlActProcess><q:queryByParameter><q:queryId root="4.5" extension="q1"/>${extra}<q:parameterList>${params}</q:parameterList></q:queryByParameter></q:controlActProcess></q:PRPA_IN201305UV02>`,
  );

describe('parsePatientDiscoveryQuery', () => {
  it('reads ids in any cardinality (one livingSubjectId with several values, or several elements)', () => {
    const sut = parsePatientDiscoveryQuery(
      query(
        '<q:livingSubjectId><q:value root="2.16.840.1.113883.2.1.4.1" extension="9690937278"/><q:value root="1.2.840.114350.1.13.525.3.7.3.688884.100" extension="Z1"/></q:livingSubjectId>' +
          '<q:livingSubjectId><q:value root="1.2.3" extension="X"/></q:livingSubjectId>',
      ),
    );
    expect(sut.ids.map((i) => i.extension)).toEqual(['9690937278', 'Z1', 'X']);
    expect(sut.ids[2].location).toBe('/PRPA_IN201305UV02/controlActProcess/queryByParameter/parameterList/livingSubjectId[2]/value[1]');
    expect(sut).toMatchObject({
      messageId: { root: '1.2.3', extension: 'm1' },
      processingCode: 'T',
      senderDeviceId: { root: '9.8.7' },
      senderOrganizationId: { root: '9.8' },
      queryId: { root: '4.5', extension: 'q1' },
    });
  });

  it('reads name, birth time, gender and postcode', () => {
    const sut = parsePatientDiscoveryQuery(
      query(
        '<q:livingSubjectAdministrativeGender><q:value code="f"/></q:livingSubjectAdministrativeGender><q:livingSubjectBirthTime><q:value value="19381211"/></q:livingSubjectBirthTime>' +
          '<q:livingSubjectName><q:value><q:given>Lucien</q:given><q:given>Keith</q:given><q:family>SAMUAL</q:family></q:value></q:livingSubjectName>' +
          '<q:patientAddress><q:value><q:postalCode>TS19 8JP</q:postalCode></q:value></q:patientAddress>',
        '<q:initialQuantity value="5"/>',
      ),
    );
    expect(sut).toMatchObject({
      family: 'SAMUAL',
      given: ['Lucien', 'Keith'],
      birthDate: '1938-12-11',
      gender: 'F',
      postcode: 'TS19 8JP',
      initialQuantity: 5,
      problems: [],
    });
  });

  it('collects malformed values as problems naming the parameter', () => {
    const sut = parsePatientDiscoveryQuery(
      query(
        '<q:livingSubjectBirthTime><q:value value="19849711"/></q:livingSubjectBirthTime><q:livingSubjectAdministrativeGender><q:value code="X"/></q:livingSubjectAdministrativeGender>',
      ),
    );
    expect(sut.problems.map((p) => p.parameter)).toEqual(['livingSubjectBirthTime', 'livingSubjectAdministrativeGender']);
  });
});

const patient: Patient = {
  resourceType: 'Patient',
  id: '9690937278',
  name: [
    { use: 'old', family: 'OLDNAME', given: ['Lucien'], period: { end: '2000-01-01' } },
    { use: 'usual', family: "O'Samual-Smith", given: ['Lucien', 'Keith'] },
  ],
  gender: 'male',
  birthDate: '1938-12-11',
};

describe('checkDemographics', () => {
  const q = (o: object) => ({ ids: [], given: [], problems: [], otherIdsScopingOrganizations: [], ...o });
  it('matches ignoring case, punctuation and accents; birth date at the precision sent', () => {
    expect(checkDemographics(q({ family: 'osamualsmith', given: ['LUCIEN'], birthDate: '1938-12-11', gender: 'M' }), patient)).toEqual({
      ok: true,
    });
    expect(checkDemographics(q({ family: 'OLDNAME', birthDate: '1938' }), patient)).toEqual({ ok: true });
  });
  it('reports the first mismatching field', () => {
    expect(checkDemographics(q({ family: "O'Samual-Smith", birthDate: '1938-12-12' }), patient)).toEqual({
      ok: false,
      reason: 'mismatch',
      field: 'birthDate',
    });
    expect(checkDemographics(q({ family: "O'Samual-Smith", birthDate: '1938-12-11', gender: 'F' }), patient)).toEqual({
      ok: false,
      reason: 'mismatch',
      field: 'gender',
    });
    expect(checkDemographics(q({ family: "O'Samual-Smith", given: ['Bob'], birthDate: '1938-12-11' }), patient)).toEqual({
      ok: false,
      reason: 'mismatch',
      field: 'given',
    });
    expect(checkDemographics(q({ birthDate: '1938-12-11' }), patient)).toEqual({ ok: false, reason: 'insufficient' });
  });
});

describe('PDS patient mapping', () => {
  it('picks the usual current name and maps GP, address, telecom and death', () => {
    expect(mainName(patient)?.family).toBe("O'Samual-Smith");
    const sut = toDiscoveredPatient(
      {
        ...patient,
        deceasedDateTime: '2020-01-02',
        address: [
          { use: 'home', line: ['1 High St', ''], postalCode: 'TS19 8JP' },
          { use: 'old', line: ['x'], period: { end: '2001-01-01' } },
        ],
        telecom: [
          { system: 'phone', value: '01632 960587', use: 'home' },
          { system: 'email', value: 'a@b.nhs.uk' },
          { system: 'url', value: 'x' },
        ],
        generalPractitioner: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'B82617' } }],
      },
      '9690937278',
    );
    expect(sut).toMatchObject({
      id: { root: '2.16.840.1.113883.2.1.4.1', extension: '9690937278' },
      gender: 'M',
      birthTime: '19381211',
      deceased: { time: '20200102' },
      addresses: [{ use: 'H', lines: ['1 High St'], postalCode: 'TS19 8JP' }],
      telecom: [{ value: 'tel:01632960587', use: 'HP' }, { value: 'mailto:a@b.nhs.uk' }],
      gp: { root: '2.16.840.1.113883.2.1.4.3', extension: 'B82617' },
    });
  });
});
