import { XmlWriter } from '../xml/xml-writer.util';
import { writeBoundConcept } from './bound-concept.util';
import { OID } from './code-systems';

/** The Observation Interpretation binding (CONF:1198-7147, SHALL): HL7 ObservationInterpretation codes only. */
const sct = { system: 'http://snomed.info/sct', code: '281301001', display: 'Within reference range' };
const v3 = { system: 'urn:oid:2.16.840.1.113883.5.83', code: 'N', display: 'Normal' };

function xml(cc: Parameters<typeof writeBoundConcept>[1], ref?: string): string {
  const w = new XmlWriter();
  writeBoundConcept(w, cc, OID.observationInterpretation, { tag: 'interpretationCode', originalTextRef: ref });
  return w.toString();
}

describe('writeBoundConcept (an element the template SHALL bind to one code system)', () => {
  it('a coding in the bound system is the code; the SNOMED CT coding is its translation', () => {
    expect(xml({ coding: [sct, v3] }, 'r1-int')).toBe(
      '<interpretationCode code="N" codeSystem="2.16.840.1.113883.5.83" displayName="Normal">' +
        '<originalText><reference value="#r1-int"/></originalText>' +
        '<translation code="281301001" codeSystem="2.16.840.1.113883.6.96" codeSystemName="SNOMED CT" displayName="Within reference range"/>' +
        '</interpretationCode>',
    );
  });

  it('SNOMED CT only: nullFlavor OTH (not in the bound system) with the SNOMED coding as translation, never a code beside it', () => {
    expect(xml({ coding: [sct] }, 'r1-int')).toBe(
      '<interpretationCode nullFlavor="OTH"><originalText><reference value="#r1-int"/></originalText>' +
        '<translation code="281301001" codeSystem="2.16.840.1.113883.6.96" codeSystemName="SNOMED CT" displayName="Within reference range"/>' +
        '</interpretationCode>',
    );
  });

  it('words only (the UK code PA, whose system has no OID): OTH with the words as originalText, no translation', () => {
    const pa = {
      system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ObservationInterpretation-1',
      code: 'PA',
      display: 'Potentially abnormal',
    };
    expect(xml({ coding: [pa] }, 'r1-int')).toBe(
      '<interpretationCode nullFlavor="OTH"><originalText><reference value="#r1-int"/></originalText></interpretationCode>',
    );
  });

  it('nothing at all: UNK', () => {
    expect(xml(undefined)).toBe('<interpretationCode nullFlavor="UNK"/>');
  });
});
