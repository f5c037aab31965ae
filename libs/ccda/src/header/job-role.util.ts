import { arr, codeableConcept, codings, FhirResource, str } from '../fhir/fhir-access.util';
import { codeSystemOf, OID } from '../hl7/code-systems';
import { XmlWriter } from '../xml/xml-writer.util';

/**
 * `code` of an assignedAuthor/assignedEntity: the SDS job role of the clinician's PractitionerRole
 * when the record codes one. Writes nothing otherwise and says whether it wrote a code. Only the
 * document's care-team performer, the registered GP, ever gets a code from another system (below).
 */
export function writeJobRole(w: XmlWriter, role: FhirResource | undefined): boolean {
  if (!role) return false;
  for (const cc of arr(role.code)) {
    const c = codings(codeableConcept(cc)).find((x) => codeSystemOf(x.system)?.oid === OID.sdsJobRole && str(x.code));
    if (c) {
      w.empty('code', { code: c.code!, codeSystem: OID.sdsJobRole, codeSystemName: 'SDS Job Role Name', displayName: str(c.display) });
      return true;
    }
  }
  return false;
}

/** True when the PractitionerRole states a role at all: a `code` with a coding or words. */
function statesRole(role: FhirResource | undefined): boolean {
  return !!role && arr(role.code).some((cc) => codeableConcept(cc) !== undefined);
}

/**
 * `code` of the document's care-team performer: the SDS job role when the record codes one. A
 * clinician who is the patient's registered GP (Patient.generalPractitioner) and has no role in the
 * record at all is, by that registration, a general practitioner: NUCC Health Care Provider Taxonomy
 * 208D00000X "General Practice", the taxonomy the US Realm Header asks for. A role the record states
 * otherwise (coded in another system, or in words) is not overridden by that inference, and a
 * performer known only as the practice has none: both are an unknown role (UNK). Nothing is inferred
 * from a name or a title.
 */
export function writeRegisteredGpRole(w: XmlWriter, role: FhirResource | undefined, isRegisteredGp: boolean): void {
  if (writeJobRole(w, role)) return;
  if (isRegisteredGp && !statesRole(role))
    w.empty('code', {
      code: '208D00000X',
      codeSystem: OID.nuccTaxonomy,
      codeSystemName: 'NUCC Health Care Provider Taxonomy',
      displayName: 'General Practice',
    });
  else w.empty('code', { nullFlavor: 'UNK' });
}
