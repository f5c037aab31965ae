import { XmlWriter } from '../xml/xml-writer.util';
import { writeVitalSignInterpretation } from './observation-interpretation.util';

function xml(interpretation: unknown, ref?: string): string {
  const w = new XmlWriter();
  writeVitalSignInterpretation(w, { resourceType: 'Observation', interpretation }, ref);
  return w.toString();
}

const coded = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }] });

describe('writeVitalSignInterpretation (CONF:1098-32886: @code from the HL7 Observation Interpretation value set)', () => {
  it('a v2 0078 code the two systems share is the V3 code, with the term as originalText', () => {
    expect(xml(coded('http://hl7.org/fhir/v2/0078', 'H', 'High'), 'vit-1-int')).toBe(
      '<interpretationCode code="H" codeSystem="2.16.840.1.113883.5.83" codeSystemName="ObservationInterpretation" displayName="High">' +
        '<originalText><reference value="#vit-1-int"/></originalText></interpretationCode>',
    );
  });

  it('a SNOMED CT interpretation is not written (outside the value set; it stays in the narrative)', () => {
    expect(xml(coded('http://snomed.info/sct', '281302008', 'Above reference range'), 'vit-1-int')).toBe('');
  });

  it('the UK code PA, words only, or no interpretation: nothing written', () => {
    const pa = coded('https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ObservationInterpretation-1', 'PA', 'Potentially abnormal');
    expect(xml(pa, 'vit-1-int')).toBe('');
    expect(xml({ text: 'Raised' }, 'vit-1-int')).toBe('');
    expect(xml(undefined)).toBe('');
  });
});
