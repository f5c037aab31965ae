import { ConversionContext } from '../conversion-context';
import { arr, clinicianTerm, codeableConcept, codings, FhirResource, isObj, obj, refDisplay, str } from '../fhir/fhir-access.util';
import { fromFhirAddress, writeAddress, writeTelecoms } from '../header/address-telecom.util';
import { writeTemplate } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { XmlWriter } from '../xml/xml-writer.util';

/** CDC NHSN Healthcare Service Location codes, the code system of the C-CDA HealthcareServiceLocation value set. */
const HSLOC_OID = '2.16.840.1.113883.6.259';
const HSLOC_SYSTEMS = new Set(['urn:oid:' + HSLOC_OID, 'https://www.cdc.gov/nhsn/cdaportal/terminology/codesystem/hsloc.html']);
/** HL7 v3 RoleCode (ServiceDeliveryLocationRoleType), the binding of CareConnect Location.type. */
const ROLE_CODE_OID = '2.16.840.1.113883.5.111';
const ROLE_CODE_SYSTEMS = new Set(['http://hl7.org/fhir/v3/RoleCode', 'http://terminology.hl7.org/CodeSystem/v3-RoleCode']);

/**
 * Service Delivery Location `code` (SHALL, HealthcareServiceLocation): a CDC HSLOC coding when the
 * Location has one; a type the GP system only names ("Main Surgery") or codes in v3 RoleCode is
 * another code system's concept (OTH, with the words and the RoleCode as translation); no type: UNK.
 */
function writeLocationType(w: XmlWriter, location: FhirResource | undefined): void {
  const type = codeableConcept(location?.type);
  const cs = codings(type);
  const hsloc = cs.find((c) => c.system && HSLOC_SYSTEMS.has(c.system) && str(c.code));
  if (hsloc) {
    w.empty('code', { code: hsloc.code, codeSystem: HSLOC_OID, codeSystemName: 'HSLOC', displayName: str(hsloc.display) });
    return;
  }
  const term = clinicianTerm(type);
  const roles = cs.filter((c) => c.system && ROLE_CODE_SYSTEMS.has(c.system) && str(c.code));
  if (!term && roles.length === 0) {
    w.empty('code', { nullFlavor: 'UNK' });
    return;
  }
  w.open('code', { nullFlavor: 'OTH' });
  if (term) w.leaf('originalText', term);
  for (const r of roles)
    w.empty('translation', { code: r.code, codeSystem: ROLE_CODE_OID, codeSystemName: 'RoleCode', displayName: str(r.display) });
  w.end('code');
}

/**
 * `participant typeCode="LOC"` with a Service Delivery Location for each place the Encounter names
 * (Encounter.location → Location: type, address, telecom, name). A place is a workplace (WP); what
 * the Location does not hold is unknown. An Encounter that names no place gets none: the practice's
 * own Location is not assumed, since a consultation may be at a branch, by telephone or at home.
 */
export function writeEncounterLocations(w: XmlWriter, ctx: ConversionContext, encounter: FhirResource): void {
  for (const el of arr(encounter.location)) {
    if (!isObj(el)) continue;
    const ref = obj(el.location);
    const res = ctx.index.peek(ref);
    const location = res?.resourceType === 'Location' ? res : undefined;
    const name = str(location?.name) ?? refDisplay(ref);
    if (!location && !name) continue;
    w.raw('<participant typeCode="LOC"><participantRole classCode="SDLOC">');
    writeTemplate(w, TEMPLATES.serviceDeliveryLocation);
    writeLocationType(w, location);
    writeAddress(w, fromFhirAddress(location?.address), 'WP');
    writeTelecoms(w, location?.telecom, 'WP');
    if (name) {
      w.raw('<playingEntity classCode="PLC">');
      w.leaf('name', name);
      w.raw('</playingEntity>');
    }
    w.raw('</participantRole></participant>');
  }
}
