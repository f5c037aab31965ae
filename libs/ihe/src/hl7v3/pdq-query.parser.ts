import { attr, child, children, text, type XmlElement } from '@gw/soap';
import { hl7ToFhirDate } from './hl7-time.util';

const HL7 = 'urn:hl7-org:v3';

export interface Hl7Id {
  root?: string;
  extension?: string;
}

export interface QueryProblem {
  /** The parameter concerned, e.g. 'livingSubjectBirthTime'. */
  parameter: string;
  message: string;
  /** XPath-like location of the value in the request. */
  location: string;
}

/** A patient-discovery query (PRPA_IN201305UV02), read leniently. */
export interface PatientDiscoveryQuery {
  messageId?: Hl7Id;
  /** processingCode of the request (P/T/D), copied into the response. */
  processingCode?: string;
  /** The request's sender device id and its organisation (the response's receiver). */
  senderDeviceId?: Hl7Id;
  senderOrganizationId?: Hl7Id;
  queryByParameter?: XmlElement;
  queryId?: Hl7Id;
  responsePriorityCode?: string;
  /** respondTo/telecom/@value of the transmission wrapper: where a deferred answer is asked to go. */
  respondTo?: string;
  initialQuantity?: number;
  /** livingSubjectId values, any cardinality. */
  ids: Array<{ root: string; extension: string; location: string }>;
  family?: string;
  given: string[];
  /** FHIR date at the precision sent. */
  birthDate?: string;
  /** HL7 administrative gender code as sent (M/F/UN). */
  gender?: string;
  postcode?: string;
  otherIdsScopingOrganizations: Array<{ root: string; location: string }>;
  /** Malformed parameter values (→ AE/QE). */
  problems: QueryProblem[];
}

function id(el: XmlElement | undefined): Hl7Id | undefined {
  if (!el) return undefined;
  return { root: attr(el, 'root'), extension: attr(el, 'extension') };
}

/** Child in the HL7 namespace, or with no namespace at all (some senders drop it, ihe-transactions.md §9). */
function hl7Child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return child(el, HL7, local) ?? child(el, '', local);
}

function hl7Children(el: XmlElement | undefined, local: string): XmlElement[] {
  return [...children(el, HL7, local), ...children(el, '', local)];
}

const P = '/PRPA_IN201305UV02/controlActProcess/queryByParameter/parameterList';

/** Reads the parts of PRPA_IN201305UV02 that ITI-47/55 use. Never throws on odd content. */
export function parsePatientDiscoveryQuery(msg: XmlElement): PatientDiscoveryQuery {
  const cap = hl7Child(msg, 'controlActProcess');
  const qbp = hl7Child(cap, 'queryByParameter');
  const params = hl7Child(qbp, 'parameterList');
  const senderDevice = hl7Child(hl7Child(msg, 'sender'), 'device');
  const q: PatientDiscoveryQuery = {
    messageId: id(hl7Child(msg, 'id')),
    processingCode: attr(hl7Child(msg, 'processingCode'), 'code'),
    senderDeviceId: id(hl7Child(senderDevice, 'id')),
    senderOrganizationId: id(hl7Child(hl7Child(hl7Child(senderDevice, 'asAgent'), 'representedOrganization'), 'id')),
    queryByParameter: qbp,
    queryId: id(hl7Child(qbp, 'queryId')),
    responsePriorityCode: attr(hl7Child(qbp, 'responsePriorityCode'), 'code'),
    respondTo: hl7Children(msg, 'respondTo')
      .map((r) => attr(hl7Child(r, 'telecom'), 'value')?.trim())
      .find((v) => !!v),
    ids: [],
    given: [],
    otherIdsScopingOrganizations: [],
    problems: [],
  };
  const iq = attr(hl7Child(qbp, 'initialQuantity'), 'value');
  if (iq !== undefined) {
    const n = Number(iq);
    if (Number.isInteger(n) && n > 0) q.initialQuantity = n;
    else
      q.problems.push({
        parameter: 'initialQuantity',
        message: 'initialQuantity must be a positive integer',
        location: '/PRPA_IN201305UV02/controlActProcess/queryByParameter/initialQuantity',
      });
  }

  hl7Children(params, 'livingSubjectId').forEach((lsi, i) => {
    hl7Children(lsi, 'value').forEach((v, j) => {
      const root = attr(v, 'root')?.trim();
      const extension = attr(v, 'extension')?.trim();
      const location = `${P}/livingSubjectId[${i + 1}]/value[${j + 1}]`;
      if (!root || !extension) {
        q.problems.push({ parameter: 'livingSubjectId', message: 'livingSubjectId value needs both root and extension', location });
        return;
      }
      q.ids.push({ root, extension, location });
    });
  });

  const nameValue = hl7Child(hl7Children(params, 'livingSubjectName')[0], 'value');
  if (nameValue) {
    const family = hl7Children(nameValue, 'family')
      .map((f) => text(f) ?? '')
      .filter(Boolean);
    q.family = family.length ? family.join(' ') : undefined;
    q.given = hl7Children(nameValue, 'given')
      .map((g) => text(g) ?? '')
      .filter(Boolean);
    // A name written as plain text (no parts) is read as "given family".
    if (!q.family && !q.given.length && text(nameValue)) {
      const parts = text(nameValue)!.split(/\s+/);
      q.family = parts.pop();
      q.given = parts;
    }
  }

  const bt = hl7Children(params, 'livingSubjectBirthTime')[0];
  if (bt) {
    const value = hl7Child(bt, 'value');
    const raw = attr(value, 'value') ?? attr(hl7Child(value, 'center'), 'value') ?? attr(hl7Child(value, 'low'), 'value');
    const date = hl7ToFhirDate(raw);
    if (date) q.birthDate = date;
    else
      q.problems.push({
        parameter: 'livingSubjectBirthTime',
        message: 'livingSubjectBirthTime is not a valid date',
        location: `${P}/livingSubjectBirthTime/value/@value`,
      });
  }

  const g = hl7Children(params, 'livingSubjectAdministrativeGender')[0];
  if (g) {
    const code = attr(hl7Child(g, 'value'), 'code')?.trim().toUpperCase();
    if (code && ['M', 'F', 'UN'].includes(code)) q.gender = code;
    else if (code)
      q.problems.push({
        parameter: 'livingSubjectAdministrativeGender',
        message: `administrative gender '${code}' is not M, F or UN`,
        location: `${P}/livingSubjectAdministrativeGender/value/@code`,
      });
  }

  const addr = hl7Child(hl7Children(params, 'patientAddress')[0], 'value');
  const postcode = text(hl7Child(addr, 'postalCode'));
  if (postcode) q.postcode = postcode;

  hl7Children(params, 'otherIDsScopingOrganization').forEach((o, i) => {
    hl7Children(o, 'value').forEach((v, j) => {
      const root = attr(v, 'root')?.trim();
      if (root) q.otherIdsScopingOrganizations.push({ root, location: `${P}/otherIDsScopingOrganization[${i + 1}]/value[${j + 1}]/@root` });
    });
  });
  return q;
}
