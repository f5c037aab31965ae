import { XmlWriter } from '../xml/xml-writer.util';
import { writeBoundConcept } from './bound-concept.util';
import { OID } from './code-systems';

const sct = { system: 'http://snomed.info/sct', code: '1022431000000105', display: 'Haemoglobin estimation' };
const loinc = { system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood' };

function xml(cc: Parameters<typeof writeBoundConcept>[1], ref?: string): string {
  const w = new XmlWriter();
  writeBoundConcept(w, cc, OID.loinc, { tag: 'code', originalTextRef: ref });
  return w.toString();
}

describe('writeBoundConcept (a code the template binds to LOINC)', () => {
  it('a LOINC coding in the record is the code; the SNOMED CT coding is its translation', () => {
    expect(xml({ coding: [sct, loinc] }, 'r1')).toBe(
      '<code code="718-7" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Hemoglobin [Mass/volume] in Blood">' +
        '<originalText><reference value="#r1"/></originalText>' +
        '<translation code="1022431000000105" codeSystem="2.16.840.1.113883.6.96" codeSystemName="SNOMED CT" displayName="Haemoglobin estimation"/>' +
        '</code>',
    );
  });

  it('SNOMED CT only: nullFlavor OTH (not in LOINC) with the SNOMED coding as translation, never a code beside it', () => {
    expect(xml({ coding: [sct] }, 'r1')).toBe(
      '<code nullFlavor="OTH"><originalText><reference value="#r1"/></originalText>' +
        '<translation code="1022431000000105" codeSystem="2.16.840.1.113883.6.96" codeSystemName="SNOMED CT" displayName="Haemoglobin estimation"/>' +
        '</code>',
    );
  });

  it('words only: OTH with the words as originalText; a coding with no known OID is not a translation', () => {
    expect(xml({ coding: [{ system: 'https://example.org/local', code: 'X1', display: 'Local test' }], text: 'Local test' }, 'r1')).toBe(
      '<code nullFlavor="OTH"><originalText><reference value="#r1"/></originalText></code>',
    );
  });

  it('nothing at all: UNK', () => {
    expect(xml(undefined)).toBe('<code nullFlavor="UNK"/>');
  });
});
