import { XmlWriter } from '../xml/xml-writer.util';
import { writePq } from './quantity.util';
import { isUcum, PRINTED_TO_UCUM, resolveUnit } from './ucum.util';

describe('UCUM units of GP Connect quantities', () => {
  it('every printed form in the table maps to a unit the NLM UCUM library accepts', () => {
    const bad = Object.entries(PRINTED_TO_UCUM).filter(([, u]) => !isUcum(u));
    expect(bad).toEqual([]);
  });

  it.each([
    ['10*9/L', '10*9/L'],
    ['10*12/L', '10*12/L'],
    ['g/L', 'g/L'],
    ['mmol/L', 'mmol/L'],
    ['umol/L', 'umol/L'],
    ['%', '%'],
    ['fL', 'fL'],
    ['pg', 'pg'],
    ['mL/min/{1.73_m2}', 'mL/min/{1.73_m2}'],
    ['mL/min/1.73m2', 'mL/min/{1.73_m2}'],
    ['U/L', 'U/L'],
    ['kg', 'kg'],
    ['cm', 'cm'],
    ['kg/m2', 'kg/m2'],
    ['mm[Hg]', 'mm[Hg]'],
    ['mmHg', 'mm[Hg]'],
    ['/min', '/min'],
    ['[iU]/L', '[iU]/L'],
    ['IU/L', '[iU]/L'],
    ['units/week', '{units}/wk'],
    ['C', 'Cel'],
  ])('printed %s is UCUM %s', (printed, ucum) => {
    expect(resolveUnit({ value: 1, unit: printed }).ucum).toBe(ucum);
  });

  it('a UCUM code wins over the printed unit, and an invalid one is not trusted', () => {
    expect(resolveUnit({ value: 1, unit: 'breaths per minute', system: 'http://unitsofmeasure.org', code: '{resps}/min' })).toEqual({
      ucum: '{resps}/min',
      printed: 'breaths per minute',
    });
    expect(resolveUnit({ value: 1, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mmHg' }).ucum).toBe('mm[Hg]');
  });

  it('a unit that is not UCUM keeps the number as PQ with an annotation and the printed unit verbatim', () => {
    expect(resolveUnit({ value: 45, unit: 'ngs per mil' })).toEqual({ printed: 'ngs per mil' });
    const w = new XmlWriter();
    writePq(w, 'value', { value: 45, unit: 'ngs per mil' }, { 'xsi:type': 'PQ' });
    expect(w.toString()).toBe(
      '<value xsi:type="PQ" value="45" unit="{ngs_per_mil}"><translation value="45" nullFlavor="OTH"><originalText>ngs per mil</originalText></translation></value>',
    );
    expect(isUcum('{ngs_per_mil}')).toBe(true);
  });

  it('a number without a unit is UCUM 1; strings with spaces never reach the library', () => {
    expect(resolveUnit({ value: 3 })).toEqual({ ucum: '1' });
    expect(isUcum('mg per dL')).toBe(false);
  });
});
