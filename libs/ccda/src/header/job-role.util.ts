import { arr, codeableConcept, codings, FhirResource, str } from '../fhir/fhir-access.util';
import { codeSystemOf, OID } from '../hl7/code-systems';
import { XmlWriter } from '../xml/xml-writer.util';

/**
 * `code` of an assignedAuthor/assignedEntity: the SDS job role of the clinician's PractitionerRole
 * when the record codes one (the US Healthcare Provider Taxonomy is not used in the UK). Writes
 * nothing otherwise and says whether it wrote a code.
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

/**
 * `code` of the document's care-team performer: the SDS job role when the record codes one. Without
 * one, a clinician who is the patient's registered GP (Patient.generalPractitioner) is, by that
 * role, a general practitioner: NUCC Health Care Provider Taxonomy 208D00000X "General Practice",
 * the taxonomy the US Realm Header asks for. A performer known only as the practice has an unknown
 * role (UNK): nothing is inferred from a name or a title.
 */
export function writeRegisteredGpRole(w: XmlWriter, role: FhirResource | undefined, isRegisteredGp: boolean): void {
  if (writeJobRole(w, role)) return;
  if (isRegisteredGp)
    w.empty('code', {
      code: '208D00000X',
      codeSystem: OID.nuccTaxonomy,
      codeSystemName: 'NUCC Health Care Provider Taxonomy',
      displayName: 'General Practice',
    });
  else w.empty('code', { nullFlavor: 'UNK' });
}
