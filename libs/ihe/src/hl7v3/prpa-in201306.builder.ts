import { randomUUID } from 'node:crypto';
import { serializeElement } from '@gw/soap';
import { escapeAttr as a, escapeText as t } from '@gw/xml-escape';
import { hl7Timestamp } from './hl7-time.util';
import type { Hl7Id, PatientDiscoveryQuery } from './pdq-query.parser';

/** A patient as disclosed in a discovery response (already checked: unrestricted, matched). */
export interface DiscoveredPatient {
  /** Gateway-domain patient id: the NHS number under the NHS number OID. */
  id: { root: string; extension: string };
  family?: string;
  given: string[];
  prefix: string[];
  /** HL7 M/F/UN; undefined → nullFlavor UNK. */
  gender?: 'M' | 'F' | 'UN';
  /** HL7 TS at the precision known. */
  birthTime?: string;
  deceased?: { time?: string };
  addresses: Array<{ use?: string; lines: string[]; city?: string; county?: string; postalCode?: string; country?: string }>;
  telecom: Array<{ value: string; use?: string }>;
  /** Registered GP practice. */
  gp?: { root: string; extension: string; name?: string };
  /** PDQv3 asOtherIDs. */
  otherIds: Array<{ root: string; extension: string }>;
}

export interface AckDetail {
  typeCode: 'E' | 'W' | 'I';
  code?: { code: string; codeSystem: string };
  text: string;
  location?: string;
}

export interface DiscoveryResponse {
  ack: 'AA' | 'AE' | 'AR';
  queryResponseCode: 'OK' | 'NF' | 'AE' | 'QE';
  details: AckDetail[];
  patients: DiscoveredPatient[];
  /** XCPD controlActProcess/reasonOf detected issues (mitigatedBy codes). */
  detectedIssues: Array<{ code: string; codeSystem: string }>;
  /** Total matches when more exist than are returned (PDQv3 initialQuantity). */
  total?: number;
}

export interface ResponseIdentity {
  deviceOid: string;
  /** HCID OID (no urn:oid:) of the responding gateway. */
  homeCommunityOid: string;
  /** ITI-55: the custodian (our HCID) carries the XCPD NotHealthDataLocator code. */
  custodian: boolean;
}

function ii(tag: string, id: Hl7Id | undefined): string {
  if (!id?.root) return `<${tag} nullFlavor="UNK"/>`;
  return `<${tag} root="${a(id.root)}"${id.extension ? ` extension="${a(id.extension)}"` : ''}/>`;
}

function device(typeCode: 'RCV' | 'SND', deviceId: Hl7Id | undefined, orgId: Hl7Id | undefined): string {
  const tag = typeCode === 'RCV' ? 'receiver' : 'sender';
  const org = orgId?.root
    ? `<asAgent classCode="AGNT"><representedOrganization classCode="ORG" determinerCode="INSTANCE">${ii('id', { root: orgId.root })}</representedOrganization></asAgent>`
    : '';
  return `<${tag} typeCode="${typeCode}"><device classCode="DEV" determinerCode="INSTANCE">${ii('id', deviceId)}${org}</device></${tag}>`;
}

function patientXml(p: DiscoveredPatient, identity: ResponseIdentity): string {
  const nameParts = [
    ...p.prefix.map((x) => `<prefix>${t(x)}</prefix>`),
    ...p.given.map((g) => `<given>${t(g)}</given>`),
    p.family ? `<family>${t(p.family)}</family>` : '',
  ].join('');
  const name = nameParts ? `<name>${nameParts}</name>` : '<name nullFlavor="UNK"/>';
  const telecom = p.telecom.map((x) => `<telecom value="${a(x.value)}"${x.use ? ` use="${a(x.use)}"` : ''}/>`).join('');
  const gender = p.gender
    ? `<administrativeGenderCode code="${p.gender}" codeSystem="2.16.840.1.113883.5.1"/>`
    : '<administrativeGenderCode nullFlavor="UNK"/>';
  const birth = p.birthTime ? `<birthTime value="${a(p.birthTime)}"/>` : '';
  const deceased = p.deceased ? `<deceasedInd value="true"/>${p.deceased.time ? `<deceasedTime value="${a(p.deceased.time)}"/>` : ''}` : '';
  const addr = p.addresses
    .map(
      (ad) =>
        `<addr${ad.use ? ` use="${a(ad.use)}"` : ''}>` +
        ad.lines.map((l) => `<streetAddressLine>${t(l)}</streetAddressLine>`).join('') +
        (ad.city ? `<city>${t(ad.city)}</city>` : '') +
        (ad.county ? `<county>${t(ad.county)}</county>` : '') +
        (ad.postalCode ? `<postalCode>${t(ad.postalCode)}</postalCode>` : '') +
        (ad.country ? `<country>${t(ad.country)}</country>` : '') +
        `</addr>`,
    )
    .join('');
  const others = p.otherIds
    .map(
      (o) =>
        `<asOtherIDs classCode="PAT">${ii('id', o)}<scopingOrganization classCode="ORG" determinerCode="INSTANCE">${ii('id', { root: o.root })}</scopingOrganization></asOtherIDs>`,
    )
    .join('');
  const provider = p.gp
    ? `<providerOrganization classCode="ORG" determinerCode="INSTANCE">${ii('id', { root: p.gp.root, extension: p.gp.extension })}${p.gp.name ? `<name>${t(p.gp.name)}</name>` : ''}<contactParty classCode="CON" nullFlavor="UNK"/></providerOrganization>`
    : '';
  // Only confirmed, unique matches are disclosed, so the match degree is always 100.
  const match =
    '<subjectOf1><queryMatchObservation classCode="COND" moodCode="EVN"><code code="IHE_PDQ" codeSystem="1.3.6.1.4.1.19376.1.2.27.1"/>' +
    '<value xsi:type="INT" value="100"/></queryMatchObservation></subjectOf1>';
  // The schema requires a custodian in both profiles; XCPD adds the health-data-locator code.
  const hdl = identity.custodian ? '<code code="NotHealthDataLocator" codeSystem="1.3.6.1.4.1.19376.1.2.27.2"/>' : '';
  const custodian = `<custodian typeCode="CST"><assignedEntity classCode="ASSIGNED">${ii('id', { root: identity.homeCommunityOid })}${hdl}</assignedEntity></custodian>`;
  return (
    `<subject typeCode="SUBJ"><registrationEvent classCode="REG" moodCode="EVN"><id nullFlavor="NA"/><statusCode code="active"/>` +
    `<subject1 typeCode="SBJ"><patient classCode="PAT">${ii('id', p.id)}<statusCode code="active"/>` +
    `<patientPerson classCode="PSN" determinerCode="INSTANCE">${name}${telecom}${gender}${birth}${deceased}${addr}${others}</patientPerson>` +
    `${provider}${match}</patient></subject1>${custodian}</registrationEvent></subject>`
  );
}

/**
 * Builds a schema-valid PRPA_IN201306UV02 (ihe-transactions.md §8.2) in schema order: transmission
 * wrapper, receiver (the request's sender), sender (us), acknowledgement with the request message id,
 * controlActProcess with subjects, XCPD detected issues, queryAck and the echoed queryByParameter.
 */
export function buildPrpaIn201306(
  query: PatientDiscoveryQuery,
  res: DiscoveryResponse,
  identity: ResponseIdentity,
  now = new Date(),
): string {
  const processing = query.processingCode && ['P', 'T', 'D'].includes(query.processingCode) ? query.processingCode : 'P';
  const details = res.details
    .map(
      (d) =>
        `<acknowledgementDetail typeCode="${d.typeCode}">` +
        (d.code ? `<code code="${a(d.code.code)}" codeSystem="${a(d.code.codeSystem)}"/>` : '') +
        `<text>${t(d.text)}</text>` +
        (d.location ? `<location>${t(d.location)}</location>` : '') +
        `</acknowledgementDetail>`,
    )
    .join('');
  const subjects = res.patients.map((p) => patientXml(p, identity)).join('');
  const reasons = res.detectedIssues
    .map(
      (i) =>
        `<reasonOf typeCode="RSON"><detectedIssueEvent classCode="ALRT" moodCode="EVN"><code code="ActAdministrativeDetectedIssueCode" codeSystem="2.16.840.1.113883.5.4"/>` +
        `<mitigatedBy typeCode="MITGT"><detectedIssueManagement classCode="ACT" moodCode="EVN"><code code="${a(i.code)}" codeSystem="${a(i.codeSystem)}"/></detectedIssueManagement></mitigatedBy></detectedIssueEvent></reasonOf>`,
    )
    .join('');
  const n = res.patients.length;
  const total = res.total ?? n;
  const queryAck =
    `<queryAck>${query.queryId?.root ? ii('queryId', query.queryId) : ''}` +
    `<statusCode code="${res.queryResponseCode === 'AE' || res.queryResponseCode === 'QE' ? 'aborted' : 'deliveredResponse'}"/>` +
    `<queryResponseCode code="${res.queryResponseCode}"/>` +
    `<resultTotalQuantity value="${total}"/><resultCurrentQuantity value="${n}"/><resultRemainingQuantity value="${Math.max(0, total - n)}"/></queryAck>`;
  const echo = query.queryByParameter ? serializeElement(query.queryByParameter) : '';
  return (
    `<PRPA_IN201306UV02 xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ITSVersion="XML_1.0">` +
    // HL7 v3 data types write a UUID root in upper-case hex.
    `<id root="${randomUUID().toUpperCase()}"/><creationTime value="${hl7Timestamp(now)}"/>` +
    `<interactionId root="2.16.840.1.113883.1.6" extension="PRPA_IN201306UV02"/>` +
    `<processingCode code="${processing}"/><processingModeCode code="T"/><acceptAckCode code="NE"/>` +
    device('RCV', query.senderDeviceId, query.senderOrganizationId) +
    device('SND', { root: identity.deviceOid }, { root: identity.homeCommunityOid }) +
    `<acknowledgement><typeCode code="${res.ack}"/><targetMessage>${ii('id', query.messageId)}</targetMessage>${details}</acknowledgement>` +
    `<controlActProcess classCode="CACT" moodCode="EVN"><code code="PRPA_TE201306UV02" codeSystem="2.16.840.1.113883.1.6"/>` +
    subjects +
    reasons +
    queryAck +
    echo +
    `</controlActProcess></PRPA_IN201306UV02>`
  );
}
