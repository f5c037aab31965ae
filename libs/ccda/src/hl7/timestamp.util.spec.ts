import { displayDate, fhirToTs, instantToTs } from './timestamp.util';

describe('FHIR date → HL7 TS (precision and offset kept)', () => {
  it.each([
    ['1925', '1925'],
    ['1963-07', '196307'],
    ['2019-06-28', '20190628'],
    ['2019-03-28T10:30:00+00:00', '20190328103000+0000'],
    ['2024-05-10T00:00:00+01:00', '20240510000000+0100'],
    ['2024-03-27T21:43:04.878Z', '20240327214304.878+0000'],
    ['2019-05-01T10:38:00', '20190501103800'],
    ['2019-05-01T10:38', '201905011038'],
    ['1980-01-01T09:00:00-05:00', '19800101090000-0500'],
  ])('%s → %s', (fhir, ts) => {
    expect(fhirToTs(fhir)).toBe(ts);
  });

  it.each(['', '19', '2019-6-1', '2019/06/28', '28-06-2019', 'yesterday', '2019-06-28T10', '2019-06-28T10:30:00+0100'])(
    'rejects %j (the caller writes UNK)',
    (bad) => {
      expect(fhirToTs(bad)).toBeUndefined();
    },
  );

  it('prints generated instants with the configured offset, to the second', () => {
    const d = new Date('2026-03-04T23:30:07.999Z');
    expect(instantToTs(d)).toBe('20260304233007+0000');
    expect(instantToTs(d, 60)).toBe('20260305003007+0100');
    expect(instantToTs(d, -330)).toBe('20260304180007-0530');
  });

  it('shows dates to the reader at source precision', () => {
    expect(displayDate('1963-07')).toBe('1963-07');
    expect(displayDate('2019-03-28T10:30:00+00:00')).toBe('2019-03-28 10:30 +00:00');
    expect(displayDate('2024-03-27T21:43:04.878Z')).toBe('2024-03-27 21:43:04.878 +00:00');
  });
});
