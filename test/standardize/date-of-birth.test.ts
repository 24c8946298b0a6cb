import type { DateOrder } from '../../connectors/contract.js';
import { parseDateOfBirth } from '../../src/standardize/index.js';

const TODAY = new Date('2026-05-01T10:00:00Z');

describe('parseDateOfBirth', () => {
  it.each<[string, DateOrder, string]>([
    ['1985-03-12', 'YMD', '1985-03-12'],
    ['1985/3/12', 'DMY', '1985-03-12'],
    ['1985.03.12', 'MDY', '1985-03-12'],
    ['19850312', 'YMD', '1985-03-12'],
    ['12/03/1985', 'DMY', '1985-03-12'],
    ['03/12/1985', 'MDY', '1985-03-12'],
    ['12-03-1985', 'DMY', '1985-03-12'],
    ['12-Mar-85', 'DMY', '1985-03-12'],
    ['12-MAR-1985', 'MDY', '1985-03-12'],
    ['12 Mar 1985', 'YMD', '1985-03-12'],
    ['12 March 1985', 'YMD', '1985-03-12'],
    ['March 12, 1985', 'YMD', '1985-03-12'],
    ['1985-Mar-12', 'YMD', '1985-03-12'],
    ['1985年3月12日', 'YMD', '1985-03-12'],
    ['１９８５年３月１２日', 'YMD', '1985-03-12'],
    ['1985-03-12T00:00:00Z', 'YMD', '1985-03-12'],
    ['1985-03-12T23:30:00.000+08:00', 'YMD', '1985-03-12'],
    ['1985-03-12 00:00:00', 'YMD', '1985-03-12'],
    ['  1985-03-12 ', 'YMD', '1985-03-12'],
    ['2000-02-29', 'YMD', '2000-02-29'],
    ['1900-01-01', 'YMD', '1900-01-01'],
    ['2026-05-01', 'YMD', '2026-05-01'],
  ])('%s (%s) -> %s', (text, order, iso) => {
    expect(parseDateOfBirth(text, order, TODAY)).toEqual({ value: iso });
  });

  describe('two-digit years take the latest century that is not in the future', () => {
    it.each<[string, DateOrder, string]>([
      ['12-Mar-85', 'DMY', '1985-03-12'],
      ['12/03/05', 'DMY', '2005-03-12'],
      ['01/05/26', 'DMY', '2026-05-01'],
      ['02/05/26', 'DMY', '1926-05-02'],
      ['85/03/12', 'YMD', '1985-03-12'],
      ['31-Dec-99', 'DMY', '1999-12-31'],
      ['29-Feb-00', 'DMY', '2000-02-29'],
    ])('%s (%s) -> %s', (text, order, iso) => {
      expect(parseDateOfBirth(text, order, TODAY)).toEqual({ value: iso });
    });
  });

  it('reads d/m/yyyy from a YMD source only when a day above 12 says which is which', () => {
    expect(parseDateOfBirth('25/03/1985', 'YMD', TODAY)).toEqual({ value: '1985-03-25' });
    expect(parseDateOfBirth('03/25/1985', 'YMD', TODAY)).toEqual({ value: '1985-03-25' });
    expect(parseDateOfBirth('07/07/1985', 'YMD', TODAY)).toEqual({ value: '1985-07-07' });
    expect(parseDateOfBirth('05/03/1985', 'YMD', TODAY)).toEqual({ flag: 'AMBIGUOUS' });
  });

  it.each<[string, DateOrder]>([
    ['1985-02-30', 'YMD'],
    ['30/02/1985', 'DMY'],
    ['02/30/1985', 'MDY'],
    ['31 Apr 1985', 'YMD'],
    ['1985-04-31', 'YMD'],
    ['2023-02-29', 'YMD'],
    ['1900-02-29', 'YMD'],
    ['29-Feb-01', 'DMY'],
    ['1985-13-01', 'YMD'],
    ['03/25/1985', 'DMY'],
    ['0000-00-00', 'YMD'],
  ])('%s (%s) is IMPOSSIBLE_DATE', (text, order) => {
    expect(parseDateOfBirth(text, order, TODAY)).toEqual({ flag: 'IMPOSSIBLE_DATE' });
  });

  it.each<[string]>([['2026-05-02'], ['2030-01-01'], ['1899-12-31'], ['1850-06-01']])('%s is OUT_OF_RANGE', (text) => {
    expect(parseDateOfBirth(text, 'YMD', TODAY)).toEqual({ flag: 'OUT_OF_RANGE' });
  });

  it.each<[string]>([[''], ['   '], ['abc'], ['unknown'], ['12 Foo 1985'], ['1985-03'], ['85-3'], ['123/45/6789'], ['1985031']])(
    '%j is UNPARSABLE',
    (text) => {
      expect(parseDateOfBirth(text, 'DMY', TODAY)).toEqual({ flag: 'UNPARSABLE' });
    },
  );

  it('does not shift the date with the time zone of the process or of the input', () => {
    const lateInTheDay = new Date('2026-05-01T23:59:59Z');
    expect(parseDateOfBirth('2026-05-01T23:59:59-11:00', 'YMD', lateInTheDay)).toEqual({ value: '2026-05-01' });
    expect(parseDateOfBirth('1985-01-01T00:00:00+14:00', 'YMD', lateInTheDay)).toEqual({ value: '1985-01-01' });
  });
});
