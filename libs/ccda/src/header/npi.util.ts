import { OID } from '../hl7/code-systems';
import { XmlWriter } from '../xml/xml-writer.util';

/**
 * `<id root="2.16.840.1.113883.4.6" nullFlavor="NA"/>`, written after a party's real id. The US Realm
 * Header asks that the ids of the provider organisation, the custodian and the care-team performers
 * include a US National Provider Identifier; NPIs are issued to US providers only, so for an NHS
 * practice, clinician or organisation the identifier is not applicable (NA), which is what this says
 * instead of leaving the scheme out or inventing a number. The root names the scheme, never a value.
 */
export function writeNoNpi(w: XmlWriter): void {
  w.empty('id', { root: OID.npi, nullFlavor: 'NA' });
}
