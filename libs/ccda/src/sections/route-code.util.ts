import { CodeableConcept } from '../fhir/fhir-access.util';
import { OID } from '../hl7/code-systems';
import { pickCodes } from '../hl7/datatypes.util';
import { XmlWriter } from '../xml/xml-writer.util';

/** NCI Thesaurus, the code system of the FDA SPL Drug Route of Administration terminology. */
const NCI_THESAURUS = '2.16.840.1.113883.3.26.1.1';

/**
 * SNOMED CT route (the UK record's code, also the C-CDA Medication Route value set of routeCode's
 * translation) → the FDA SPL route (NCI Thesaurus code, FDA preferred term) that routeCode itself
 * is bound to. Only exact equivalents, one route to one route: a SNOMED route not listed here is
 * not approximated by a neighbour.
 */
const SNOMED_TO_FDA: Record<string, { code: string; displayName: string }> = {
  '26643006': { code: 'C38288', displayName: 'ORAL' },
  '47625008': { code: 'C38276', displayName: 'INTRAVENOUS' },
  '78421000': { code: 'C28161', displayName: 'INTRAMUSCULAR' },
  '34206005': { code: 'C38299', displayName: 'SUBCUTANEOUS' },
  '372464004': { code: 'C38238', displayName: 'INTRADERMAL' },
  '37839007': { code: 'C38300', displayName: 'SUBLINGUAL' },
  '46713006': { code: 'C38284', displayName: 'NASAL' },
  '54485002': { code: 'C38287', displayName: 'OPHTHALMIC' },
  '10547007': { code: 'C38192', displayName: 'AURICULAR (OTIC)' },
  '45890007': { code: 'C38305', displayName: 'TRANSDERMAL' },
  '6064005': { code: 'C38304', displayName: 'TOPICAL' },
  '37161004': { code: 'C38295', displayName: 'RECTAL' },
};

/**
 * routeCode from a FHIR route (Dosage.route, Immunization.route). A SNOMED route with an FDA
 * equivalent → the FDA code, with the SNOMED route as translation. Any other coded route →
 * nullFlavor OTH (not in the FDA terminology) with the record's codes as translations, so the
 * route is still there for a receiver. `textRef` is the narrative element holding the route words.
 */
export function writeRouteCode(w: XmlWriter, route: CodeableConcept | undefined, textRef?: string): void {
  if (!route) return;
  const p = pickCodes(route);
  const fda = p.primary?.oid === OID.snomed ? SNOMED_TO_FDA[p.primary.code] : undefined;
  w.open(
    'routeCode',
    fda
      ? { code: fda.code, codeSystem: NCI_THESAURUS, codeSystemName: 'NCI Thesaurus', displayName: fda.displayName }
      : { nullFlavor: 'OTH' },
  );
  if (textRef) w.raw('<originalText><reference value="#' + textRef + '"/></originalText>');
  for (const t of p.primary ? [p.primary, ...p.translations] : p.translations) {
    w.empty('translation', { code: t.code, codeSystem: t.oid, codeSystemName: t.name, displayName: t.display });
  }
  w.end('routeCode');
}
