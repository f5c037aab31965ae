import { InstanceIdentifier, OrganizationInfo } from '../ccd-options';
import type { DocumentHeader } from '../conversion-report';
import { ConversionContext } from '../conversion-context';
import { agentName, arr, FhirResource, firstName, identifierValue, isObj, Json, str } from '../fhir/fhir-access.util';
import { OID } from '../hl7/code-systems';
import { writeTemplate } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { fhirToTs } from '../hl7/timestamp.util';
import { XmlWriter } from '../xml/xml-writer.util';
import { fromFhirAddress, writeAddress, writeTelecoms, writeUnknownTelecom } from './address-telecom.util';
import { writeRegisteredGpRole } from './job-role.util';
import { writeNoNpi } from './npi.util';
import { writeLanguages, writeMaritalStatus } from './patient-details.util';

export interface HeaderParties {
  patient: FhirResource;
  nhsNumber: string;
  practice?: FhirResource;
  usualGp?: FhirResource;
  usualGpRole?: FhirResource;
}

export interface HeaderValues {
  documentId: InstanceIdentifier;
  effectiveTs: string;
  title: string;
}

const GENDER: Record<string, { code: string; displayName: string }> = {
  male: { code: 'M', displayName: 'Male' },
  female: { code: 'F', displayName: 'Female' },
  other: { code: 'UN', displayName: 'Undifferentiated' },
};

function writeIi(w: XmlWriter, id: InstanceIdentifier): void {
  w.empty('id', { root: id.root, extension: id.extension });
}

/** The configured operating organisation: an organisation's contact points are workplace ones (WP). */
function writeOrgInfo(w: XmlWriter, tag: string, org: OrganizationInfo): void {
  w.open(tag);
  writeIi(w, { root: org.root, extension: org.extension });
  if (org.root === OID.odsCode) writeNoNpi(w);
  w.leaf('name', org.name);
  writeOperatorTelecom(w, org);
  writeAddress(w, org.address, 'WP');
  w.end(tag);
}

/** The operator's configured number (a TEL URL), else its work number is unknown. */
function writeOperatorTelecom(w: XmlWriter, org: OrganizationInfo): void {
  if (org.telecom) w.empty('telecom', { use: 'WP', value: org.telecom });
  else writeUnknownTelecom(w, 'WP');
}

/** Practice Organization resource → id (ODS), name, telecom, addr. */
function writePracticeOrg(w: XmlWriter, tag: string, org: FhirResource): void {
  w.open(tag);
  const ods = identifierValue(org, 'ods-organization-code');
  if (ods) writeIi(w, { root: OID.odsCode, extension: ods });
  else w.empty('id', { nullFlavor: 'UNK' });
  // The registered practice of a GP Connect record is an NHS organisation: it has no US NPI.
  writeNoNpi(w);
  const name = str(org.name);
  if (name) w.leaf('name', name);
  else w.empty('name', { nullFlavor: 'UNK' });
  writeTelecoms(w, org.telecom, 'WP');
  writeAddress(w, fromFhirAddress(arr(org.address)[0]), 'WP');
  w.end(tag);
}

/** US Realm Person Name: given (≥1), exactly one family, optional prefix/suffix; nothing loose. */
export function writePersonName(w: XmlWriter, name: Json | undefined, use?: string): void {
  if (!name) {
    w.empty('name', { nullFlavor: 'UNK' });
    return;
  }
  const prefixes = arr<string>(name.prefix).filter((p) => typeof p === 'string' && p.trim());
  const given = arr<string>(name.given).filter((g) => typeof g === 'string' && g.trim());
  let family = str(name.family);
  const text = str(name.text);
  if (!family && given.length === 0 && !text) {
    w.empty('name', { nullFlavor: 'UNK' });
    return;
  }
  if (!family && given.length === 0 && text) {
    // Text-only names cannot be split reliably: keep the whole text as the family part.
    family = text;
  }
  w.open('name', { use });
  for (const p of prefixes) w.leaf('prefix', p);
  if (given.length === 0) w.empty('given', { nullFlavor: 'UNK' });
  for (const g of given) w.leaf('given', g);
  if (family) w.leaf('family', family);
  else w.empty('family', { nullFlavor: 'UNK' });
  for (const s of arr<string>(name.suffix)) if (typeof s === 'string' && s.trim()) w.leaf('suffix', s);
  w.end('name');
}

/** Writes the CDA header and returns its facts, taken from the values written. */
export function writeHeader(w: XmlWriter, ctx: ConversionContext, p: HeaderParties, v: HeaderValues): DocumentHeader {
  const o = ctx.options;
  w.raw('<realmCode code="US"/><typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>');
  writeTemplate(w, TEMPLATES.usRealmHeader);
  writeTemplate(w, TEMPLATES.ccd);
  writeIi(w, v.documentId);
  w.raw('<code code="34133-9" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Summarization of Episode Note"/>');
  w.leaf('title', v.title);
  w.empty('effectiveTime', { value: v.effectiveTs });
  w.raw('<confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25" codeSystemName="Confidentiality" displayName="normal"/>');
  w.raw('<languageCode code="en-GB"/>');

  // recordTarget
  const pat = p.patient;
  w.raw('<recordTarget><patientRole>');
  writeIi(w, { root: OID.nhsNumber, extension: p.nhsNumber });
  const addresses = arr(pat.address)
    .map((a) => fromFhirAddress(a))
    .filter((a): a is NonNullable<typeof a> => !!a);
  if (addresses.length === 0) writeAddress(w, undefined, 'HP');
  for (const a of addresses) writeAddress(w, a, 'HP');
  // A number without a use keeps none (it may be a mobile); "the home number is unknown" is true.
  writeTelecoms(w, pat.telecom, undefined, 'HP');
  w.raw('<patient>');
  writePersonName(w, firstName(pat.name, ['official', 'usual']), 'L');
  const g = GENDER[String(pat.gender)];
  if (g)
    w.empty('administrativeGenderCode', {
      code: g.code,
      codeSystem: OID.gender,
      codeSystemName: 'AdministrativeGender',
      displayName: g.displayName,
    });
  else w.empty('administrativeGenderCode', { nullFlavor: 'UNK' });
  const birth = fhirToTs(str(pat.birthDate));
  if (birth) w.empty('birthTime', { value: birth });
  else w.empty('birthTime', { nullFlavor: 'UNK' });
  writeMaritalStatus(w, pat);
  // Race and ethnicity are US value sets that UK GP records do not collect.
  w.raw('<raceCode nullFlavor="UNK"/><ethnicGroupCode nullFlavor="UNK"/>');
  writeLanguages(w, pat);
  w.raw('</patient>');
  if (p.practice) writePracticeOrg(w, 'providerOrganization', p.practice);
  w.raw('</patientRole></recordTarget>');

  // author: the converting system, on behalf of the GP practice whose record this is
  const sys = o.authoringSystem ?? {
    id: { root: o.custodian.root, extension: 'gp-record-gateway' },
    softwareName: 'GP record gateway (GP Connect to C-CDA)',
    manufacturerModelName: 'GP record gateway',
  };
  w.raw('<author>');
  w.empty('time', { value: v.effectiveTs });
  w.raw('<assignedAuthor>');
  writeIi(w, sys.id);
  writeAddress(w, o.custodian.address, 'WP');
  writeOperatorTelecom(w, o.custodian);
  w.raw('<assignedAuthoringDevice>');
  w.leaf('manufacturerModelName', sys.manufacturerModelName);
  w.leaf('softwareName', sys.softwareName);
  w.raw('</assignedAuthoringDevice>');
  if (p.practice) writePracticeOrg(w, 'representedOrganization', p.practice);
  else writeOrgInfo(w, 'representedOrganization', o.custodian);
  w.raw('</assignedAuthor></author>');

  // custodian: the organisation operating the gateway
  w.raw('<custodian><assignedCustodian>');
  writeOrgInfo(w, 'representedCustodianOrganization', o.custodian);
  w.raw('</assignedCustodian></custodian>');

  const rcpt = o.informationRecipient;
  if (rcpt && (rcpt.personName || rcpt.organization)) {
    w.raw('<informationRecipient><intendedRecipient>');
    if (rcpt.personName) {
      w.raw('<informationRecipient><name>');
      w.text(rcpt.personName);
      w.raw('</name></informationRecipient>');
    }
    if (rcpt.organization) {
      w.raw('<receivedOrganization>');
      if (rcpt.organization.root) writeIi(w, { root: rcpt.organization.root, extension: rcpt.organization.extension });
      w.leaf('name', rcpt.organization.name);
      w.raw('</receivedOrganization>');
    }
    w.raw('</intendedRecipient></informationRecipient>');
  }

  // documentationOf: the period the summary covers and the registered GP
  w.raw('<documentationOf><serviceEvent classCode="PCPR"><effectiveTime>');
  const low = ctx.earliestDate ?? fhirToTs(str(pat.birthDate));
  if (low) w.empty('low', { value: low });
  else w.empty('low', { nullFlavor: 'UNK' });
  w.empty('high', { value: v.effectiveTs });
  w.raw('</effectiveTime>');
  if (p.usualGp || p.practice) {
    w.raw('<performer typeCode="PRF"><assignedEntity>');
    const sdsId = p.usualGp ? identifierValue(p.usualGp, 'sds-user-id') : undefined;
    if (sdsId) writeIi(w, { root: OID.sdsUserId, extension: sdsId });
    else w.empty('id', { nullFlavor: 'UNK' });
    // The registered GP of a GP Connect record practises in the NHS: a US NPI does not apply.
    writeNoNpi(w);
    writeRegisteredGpRole(w, p.usualGpRole, p.usualGp?.resourceType === 'Practitioner');
    if (p.usualGp && p.usualGp.resourceType === 'Practitioner') {
      w.raw('<assignedPerson>');
      writePersonName(w, firstName(p.usualGp.name));
      w.raw('</assignedPerson>');
    }
    if (p.practice) writePracticeOrg(w, 'representedOrganization', p.practice);
    w.raw('</assignedEntity></performer>');
  }
  w.raw('</serviceEvent></documentationOf>');
  const practice = p.practice ? { name: str(p.practice.name), odsCode: identifierValue(p.practice, 'ods-organization-code') } : undefined;
  return {
    documentId: v.documentId,
    title: v.title,
    effectiveTime: v.effectiveTs,
    serviceStartTime: low,
    serviceStopTime: v.effectiveTs,
    practice,
  };
}

/** Registered practice and usual GP from the Patient (managingOrganization, generalPractitioner). */
export function findParties(ctx: ConversionContext, patient: FhirResource): Omit<HeaderParties, 'nhsNumber'> {
  const idx = ctx.index;
  let practice = isObj(patient.managingOrganization) ? idx.resolve(patient.managingOrganization) : undefined;
  let usualGp: FhirResource | undefined;
  let usualGpRole: FhirResource | undefined;
  for (const ref of arr(patient.generalPractitioner)) {
    const r = idx.resolve(ref);
    if (!r) continue;
    if (r.resourceType === 'Practitioner') usualGp = r;
    else if (r.resourceType === 'PractitionerRole') {
      usualGpRole = r;
      usualGp = idx.resolve(r.practitioner) ?? usualGp;
      practice = practice ?? idx.resolve(r.organization);
    } else if (r.resourceType === 'Organization') practice = practice ?? r;
    if (usualGp) break;
  }
  if (usualGp && !usualGpRole) {
    usualGpRole = idx.ofType('PractitionerRole').find((pr) => isObj(pr.practitioner) && idx.peek(pr.practitioner) === usualGp);
    if (!practice && usualGpRole) practice = idx.peek(usualGpRole.organization);
  }
  if (!practice) {
    const orgs = idx.ofType('Organization');
    if (orgs.length === 1) practice = orgs[0];
  }
  if (practice && practice.resourceType !== 'Organization') practice = undefined;
  return { patient, practice, usualGp, usualGpRole };
}

export function practiceLabel(practice: FhirResource | undefined): string | undefined {
  if (!practice) return undefined;
  const name = agentName(practice);
  const ods = identifierValue(practice, 'ods-organization-code');
  if (name && ods) return name + ' (' + ods + ')';
  return name ?? ods;
}
