import { parseCodedValue, type DocumentEntryMetadata } from '@gw/ihe';

/** A Stable GP record entry as the gateway publishes it, for builder tests. */
export function sampleEntry(over: Partial<DocumentEntryMetadata> = {}): DocumentEntryMetadata {
  return {
    entryUuid: 'urn:uuid:6a1f4c3e-8a55-4c2d-9a57-0f7f5a4c9b11',
    uniqueId: '2.25.141233562330474283711532542457812735761',
    kind: 'stable',
    homeCommunityId: 'urn:oid:2.16.840.1.113883.3.9999.1',
    repositoryUniqueId: '2.16.840.1.113883.3.9999.1.2',
    mimeType: 'text/xml',
    patientId: '9690937286^^^&2.16.840.1.113883.2.1.4.1&ISO',
    sourcePatientId: '9690937286^^^&2.16.840.1.113883.2.1.4.1&ISO',
    languageCode: 'en-GB',
    title: 'GP Connect structured record summary',
    creationTime: '20261201053000',
    hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    size: 0,
    serviceStartTime: '19800101',
    serviceStopTime: '20261201053000',
    author: { institutions: ['COXWOLD SURGERY^^^^^&2.16.840.1.113883.2.1.4.3&ISO^^^^B82617'] },
    classCode: parseCodedValue('34133-9|2.16.840.1.113883.6.1|Summarization of Episode Note'),
    typeCode: parseCodedValue('34133-9|2.16.840.1.113883.6.1|Summarization of Episode Note'),
    formatCode: parseCodedValue('urn:hl7-org:sdwg:ccda-structuredBody:2.1|1.3.6.1.4.1.19376.1.2.3|C-CDA R2.1 structured body'),
    confidentialityCodes: [parseCodedValue('N|2.16.840.1.113883.5.25|Normal')],
    healthcareFacilityTypeCode: parseCodedValue('264358009|2.16.840.1.113883.6.96|General practitioner practice site'),
    practiceSettingCode: parseCodedValue('394814009|2.16.840.1.113883.6.96|General practice'),
    ...over,
  };
}
