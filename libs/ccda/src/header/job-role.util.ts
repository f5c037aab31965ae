import { arr, codeableConcept, codings, FhirResource, str } from '../fhir/fhir-access.util';
import { codeSystemOf, OID } from '../hl7/code-systems';
import { XmlWriter } from '../xml/xml-writer.util';

/**
 * `code` of an assignedAuthor/assignedEntity: the SDS job role of the clinician's PractitionerRole
 * when the record codes one (the US Healthcare Provider Taxonomy is not used in the UK).
 */
export function writeJobRole(w: XmlWriter, role: FhirResource | undefined): void {
  if (!role) return;
  for (const cc of arr(role.code)) {
    const c = codings(codeableConcept(cc)).find((x) => codeSystemOf(x.system)?.oid === OID.sdsJobRole && str(x.code));
    if (c) {
      w.empty('code', { code: c.code!, codeSystem: OID.sdsJobRole, codeSystemName: 'SDS Job Role Name', displayName: str(c.display) });
      return;
    }
  }
}
