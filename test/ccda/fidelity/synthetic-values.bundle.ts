import type { Json } from '../ccda-fixtures.util';
import { concept, emptyList, list, withDefaults } from '../synthetic-bundle.util';

/**
 * A synthetic GP Connect record with the values real GP systems send that the recorded bundles lack:
 * printed units (UCUM, near-UCUM, not UCUM), comparators, ranges, a blood-pressure panel in "mmHg",
 * a temperature in "C", alcohol and cigarette quantities, two reports sharing one test group, and an
 * empty investigations List ("Information not available") beside uncategorised data; interpretations
 * as v2 0078 codes (N, H), as SNOMED CT and as the UK code PA, on results and on vital signs, a
 * printed reference range, and a result the laboratory also coded in LOINC.
 */
const at = '2024-05-10T09:15:00+01:00';
const gpRef = { reference: 'Practitioner/gp1' };

function obs(id: string, code: string, display: string, value: Json, extra: Json = {}): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: concept(code, display),
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: at,
    issued: at,
    performer: [gpRef],
    ...value,
    ...extra,
  };
}

const q = (value: number, unit?: string, more: Json = {}) => ({ valueQuantity: { value, ...(unit ? { unit } : {}), ...more } });

const members = [
  obs('wbc', '1022541000000102', 'Total white blood count', q(5.7, '10*9/L'), {
    referenceRange: [{ low: { value: 3.5 }, high: { value: 11 } }],
    interpretation: concept('N', 'Normal', undefined, 'http://hl7.org/fhir/v2/0078'),
  }),
  obs('rbc', '1022451000000103', 'Red blood cell count', q(4.57, '10*12/L'), { referenceRange: [{ text: 'less than 3.8 to 5' }] }),
  obs('hb', '1022431000000105', 'Haemoglobin estimation', q(172, 'g/L'), {
    code: {
      coding: [
        { system: 'http://snomed.info/sct', code: '1022431000000105', display: 'Haemoglobin estimation' },
        { system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood' },
      ],
    },
    referenceRange: [{ low: { value: 115 }, high: { value: 165 } }],
    interpretation: concept('H', 'High', undefined, 'http://terminology.hl7.org/CodeSystem/v2-0078'),
  }),
  obs('na', '1000661000000107', 'Serum sodium level', q(139, 'mmol/l')),
  obs('crea', '1000981000000109', 'Serum creatinine level', q(88, 'umol/L'), {
    interpretation: concept('281301001', 'Within reference range'),
  }),
  obs('egfr', '1011481000000105', 'eGFR using creatinine (CKD-EPI) per 1.73 square metres', q(90, 'mL/min/1.73m2', { comparator: '>' })),
  obs('alt', '1018251000000107', 'Serum alanine aminotransferase level', q(23, 'U/L'), {
    interpretation: concept(
      'PA',
      'Potentially abnormal',
      undefined,
      'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ObservationInterpretation-1',
    ),
  }),
  obs('tsh', '1022791000000101', 'Serum TSH level', q(1.2, '[iU]/L')),
  obs('odd', '1000731000000107', 'Serum ferritin level', q(45, 'ngs per mil')),
  obs('crp', '1001371000000100', 'Plasma C-reactive protein level', q(5, 'mg/L', { comparator: '<' })),
  obs('mcv', '1022491000000106', 'MCV - Mean corpuscular volume', {
    valueRange: { low: { value: 80, unit: 'fL' }, high: { value: 99, unit: 'fL' } },
  }),
];
const fbc = obs(
  'fbc',
  '26604007',
  'Full blood count',
  {},
  {
    related: members.map((m) => ({ type: 'has-member', target: { reference: `Observation/${m.id}` } })),
  },
);
const report = (id: string): Json => ({
  resourceType: 'DiagnosticReport',
  id,
  status: 'final',
  code: concept('721981007', 'Diagnostic studies report'),
  subject: { reference: 'Patient/p1' },
  issued: at,
  result: [{ reference: 'Observation/fbc' }],
});

const bp = obs(
  'bp',
  '163020007',
  'O/E - blood pressure reading',
  {},
  {
    component: [
      { code: concept('163030003', 'O/E - Systolic BP reading'), ...q(130, 'mmHg') },
      { code: concept('163031004', 'O/E - Diastolic BP reading'), ...q(72, 'mmHg') },
    ],
  },
);
const uncategorised = [
  bp,
  obs('temp', '276885007', 'Core body temperature', q(37.1, 'C')),
  obs('weight', '27113001', 'Body weight', q(81.5, 'kg'), { interpretation: concept('281302008', 'Above reference range') }),
  obs('height', '50373000', 'Body height', q(178, 'cm')),
  obs('bmi', '60621009', 'Body mass index', q(25.7, 'kg/m2'), {
    interpretation: concept('H', 'High', undefined, 'http://hl7.org/fhir/v2/0078'),
  }),
  obs('pulse', '78564009', 'Pulse rate', q(64, '/min'), {
    interpretation: concept(
      'PA',
      'Potentially abnormal',
      undefined,
      'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ObservationInterpretation-1',
    ),
  }),
  obs('alcohol', '1082641000000106', 'Alcohol units consumed per week', q(14, 'units/week')),
  obs('cigs', '230056004', 'Cigarette consumption', q(10, 'cigarettes/day')),
  obs('smoker', '77176002', 'Smoker', {}),
  obs('drinker', '219006', 'Current drinker of alcohol', {}),
];

export const SYNTHETIC_VALUES: Json = withDefaults(
  emptyList('887191000000108', 'Investigations and results', 'no-content-recorded', 'Information not available'),
  list(
    '826501000000100',
    'Miscellaneous record',
    uncategorised.map((o) => `Observation/${o.id}`),
  ),
  report('dr1'),
  report('dr2'),
  fbc,
  ...members,
  ...uncategorised,
);
