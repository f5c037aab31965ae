/** FHIR code system URIs → HL7 OIDs. Only systems with a confirmed OID are listed (never guess one). */
export const OID = {
  snomed: '2.16.840.1.113883.6.96',
  loinc: '2.16.840.1.113883.6.1',
  ucum: '2.16.840.1.113883.6.8',
  actCode: '2.16.840.1.113883.5.4',
  actClass: '2.16.840.1.113883.5.6',
  confidentiality: '2.16.840.1.113883.5.25',
  gender: '2.16.840.1.113883.5.1',
  maritalStatus: '2.16.840.1.113883.5.2',
  /** US National Provider Identifier: the id scheme the US Realm Header asks for (UK parties have none). */
  npi: '2.16.840.1.113883.4.6',
  /** NUCC Health Care Provider Taxonomy (e.g. 208D00000X General Practice). */
  nuccTaxonomy: '2.16.840.1.113883.6.101',
  observationInterpretation: '2.16.840.1.113883.5.83',
  criticality: '2.16.840.1.113883.5.1063',
  languageAbilityMode: '2.16.840.1.113883.5.60',
  languageAbilityProficiency: '2.16.840.1.113883.5.61',
  actReason: '2.16.840.1.113883.5.8',
  nhsNumber: '2.16.840.1.113883.2.1.4.1',
  odsCode: '2.16.840.1.113883.2.1.4.3',
  sdsUserId: '1.2.826.0.1285.0.2.0.65',
  /** SDS Job Role (e.g. R0260 General Medical Practitioner), as NHS HL7 v3 messaging (EPS) codes it. */
  sdsJobRole: '1.2.826.0.1285.0.2.1.104',
  readV2: '2.16.840.1.113883.2.1.6.2',
  ctv3: '2.16.840.1.113883.2.1.3.2.4.14',
} as const;

const SYSTEMS: Record<string, { oid: string; name: string }> = {
  'http://snomed.info/sct': { oid: OID.snomed, name: 'SNOMED CT' },
  'https://dmd.nhs.uk': { oid: OID.snomed, name: 'SNOMED CT' },
  'http://loinc.org': { oid: OID.loinc, name: 'LOINC' },
  'http://read.info/readv2': { oid: OID.readV2, name: 'Read Codes v2' },
  'http://read.info/ctv3': { oid: OID.ctv3, name: 'Read Codes CTV3' },
  'http://unitsofmeasure.org': { oid: OID.ucum, name: 'UCUM' },
  'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1': { oid: OID.sdsJobRole, name: 'SDS Job Role Name' },
  'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1': { oid: OID.sdsJobRole, name: 'SDS Job Role Name' },
};

export const NULL_FLAVOR_SYSTEM = 'http://hl7.org/fhir/v3/NullFlavor';

/** HL7 OID and name of a FHIR code system, or undefined when it has no confirmed OID. */
export function codeSystemOf(system: string | undefined): { oid: string; name?: string } | undefined {
  if (!system) return undefined;
  // Own keys only: a system URI such as "constructor" must not resolve to Object.prototype's members.
  if (Object.hasOwn(SYSTEMS, system)) return SYSTEMS[system];
  if (system.startsWith('urn:oid:')) {
    const oid = system.slice(8);
    return isOid(oid) ? { oid } : undefined;
  }
  return undefined;
}

export function isOid(s: string): boolean {
  if (s.length === 0 || s.length > 128) return false;
  let prevDot = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (prevDot) return false;
      prevDot = true;
    } else if (c >= 48 && c <= 57) {
      prevDot = false;
    } else return false;
  }
  return !prevDot && (s[0] === '0' || s[0] === '1' || s[0] === '2');
}

const HEX = '0123456789abcdefABCDEF';
/** 8-4-4-4-12 hex UUID (either case). */
export function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s[i];
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== '-') return false;
    } else if (HEX.indexOf(c) < 0) return false;
  }
  return true;
}
