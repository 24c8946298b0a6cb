import type { SourceCustomer } from '../../connectors/contract.js';
import { standardizeName } from '../../src/standardize/index.js';

type SourceName = SourceCustomer['name'];

const fg = (full: string): SourceName => ({ full, order: 'FAMILY_GIVEN' });
const gf = (full: string): SourceName => ({ full, order: 'GIVEN_FAMILY' });

describe('standardizeName', () => {
  it.each<[string, SourceName, string | null, string | null, string | null, string | null, string | null, string]>([
    // label, input, given, family, full, givenPinyin, familyPinyin, script
    ['FAMILY, GIVEN', fg('ZHANG, WEI'), 'wei', 'zhang', 'Wei Zhang', 'wei', 'zhang', 'LATIN'],
    ['a comma means FAMILY, GIVEN whatever the order', gf('SMITH, JOHN PAUL'), 'john paul', 'smith', 'John Paul Smith', 'johnpaul', 'smith', 'LATIN'],
    ['Given Family', gf('John Smith'), 'john', 'smith', 'John Smith', 'john', 'smith', 'LATIN'],
    ['Family Given by order', fg('ZHANG WEI'), 'wei', 'zhang', 'Wei Zhang', 'wei', 'zhang', 'LATIN'],
    ['middle names stay with the given name', gf('John Paul Smith'), 'john paul', 'smith', 'John Paul Smith', 'johnpaul', 'smith', 'LATIN'],
    ['romanised given name with a space', gf('Xiao Ming Wang'), 'xiao ming', 'wang', 'Xiao Ming Wang', 'xiaoming', 'wang', 'LATIN'],
    ['spaces collapsed, trimmed', gf('  John    Smith '), 'john', 'smith', 'John Smith', 'john', 'smith', 'LATIN'],
    ['diacritics removed', gf('José Müller'), 'jose', 'muller', 'José Müller', 'jose', 'muller', 'LATIN'],
    ['non-decomposing letters spelled out', gf('Søren Strauß'), 'soren', 'strauss', 'Søren Strauß', 'soren', 'strauss', 'LATIN'],
    ['full-width to half-width', fg('ＺＨＡＮＧ，ＷＥＩ'), 'wei', 'zhang', 'Wei Zhang', 'wei', 'zhang', 'LATIN'],
    ['apostrophes and hyphens kept, not in pinyin', gf("Mary-Jane O’Brien"), 'mary-jane', "o'brien", "Mary-Jane O'Brien", 'maryjane', 'obrien', 'LATIN'],
    ['titles and suffixes dropped', gf('Mr. John Smith Jr.'), 'john', 'smith', 'John Smith', 'john', 'smith', 'LATIN'],
    ['title after FAMILY, GIVEN', fg('SMITH, JOHN MR'), 'john', 'smith', 'John Smith', 'john', 'smith', 'LATIN'],
    ['mixed case kept in display', gf('Ronald McDonald'), 'ronald', 'mcdonald', 'Ronald McDonald', 'ronald', 'mcdonald', 'LATIN'],
    ['single Latin word is the family name', gf('Madonna'), null, 'madonna', 'Madonna', null, 'madonna', 'LATIN'],
    ['CJK: one-character surname', fg('张伟'), '伟', '张', '张伟', 'wei', 'zhang', 'CJK'],
    ['CJK: order ignored, family first', gf('王小明'), '小明', '王', '王小明', 'xiaoming', 'wang', 'CJK'],
    ['CJK compound surname', fg('欧阳娜娜'), '娜娜', '欧阳', '欧阳娜娜', 'nana', 'ouyang', 'CJK'],
    ['CJK compound surname 司马', fg('司马相如'), '相如', '司马', '司马相如', 'xiangru', 'sima', 'CJK'],
    ['CJK compound surname 诸葛', fg('诸葛亮'), '亮', '诸葛', '诸葛亮', 'liang', 'zhuge', 'CJK'],
    ['CJK compound surname 上官', fg('上官婉儿'), '婉儿', '上官', '上官婉儿', 'waner', 'shangguan', 'CJK'],
    ['traditional compound surname', fg('歐陽娜娜'), '娜娜', '歐陽', '歐陽娜娜', 'nana', 'ouyang', 'CJK'],
    ['two characters: never a compound surname', fg('欧阳'), '阳', '欧', '欧阳', 'yang', 'ou', 'CJK'],
    ['surname reading of 曾', fg('曾小明'), '小明', '曾', '曾小明', 'xiaoming', 'zeng', 'CJK'],
    ['surname reading of 单', fg('单丽'), '丽', '单', '单丽', 'li', 'shan', 'CJK'],
    ['surname reading of 仇', fg('仇明'), '明', '仇', '仇明', 'ming', 'qiu', 'CJK'],
    ['surname reading of a compound surname', fg('尉迟恭'), '恭', '尉迟', '尉迟恭', 'gong', 'yuchi', 'CJK'],
    ['ü written yu', fg('吕静'), '静', '吕', '吕静', 'jing', 'lyu', 'CJK'],
    ['CJK with a space', fg('张 小明'), '小明', '张', '张小明', 'xiaoming', 'zhang', 'CJK'],
    ['CJK FAMILY, GIVEN with a full-width comma', gf('张，伟'), '伟', '张', '张伟', 'wei', 'zhang', 'CJK'],
    ['mixed scripts', gf('Wei 张'), 'wei', '张', 'Wei 张', 'wei', 'zhang', 'MIXED'],
  ])('%s', (_label, input, given, family, full, givenPinyin, familyPinyin, script) => {
    expect(standardizeName(input)).toEqual({ given, family, full, givenPinyin, familyPinyin, script });
  });

  it('lets separate given and family fields win over full', () => {
    expect(standardizeName({ full: 'SMITH, J', given: 'John Paul', family: 'SMITH', order: 'FAMILY_GIVEN' })).toEqual({
      given: 'john paul',
      family: 'smith',
      full: 'John Paul Smith',
      givenPinyin: 'johnpaul',
      familyPinyin: 'smith',
      script: 'LATIN',
    });
  });

  it('uses a CJK local name beside the romanised one', () => {
    const fromLocal = { given: '伟', family: '张', full: '张伟', givenPinyin: 'wei', familyPinyin: 'zhang', script: 'CJK' };
    expect(standardizeName({ full: 'Wei Zhang', local: '张伟', order: 'GIVEN_FAMILY' })).toEqual(fromLocal);
    expect(standardizeName({ given: 'Wei', family: 'Cheung', local: '张伟', order: 'GIVEN_FAMILY' })).toEqual(fromLocal);
  });

  it('ignores a local name without Han characters when a romanised one exists', () => {
    expect(standardizeName({ full: 'John Smith', local: 'Джон Смит', order: 'GIVEN_FAMILY' })).toMatchObject({ given: 'john', family: 'smith' });
  });

  it.each<[SourceName]>([[gf('123')], [gf('--- ...')], [{ given: '007', family: '#', order: 'GIVEN_FAMILY' }], [fg('?, ?')]])(
    'flags a name with no letters as INVALID: %j',
    (input) => {
      expect(standardizeName(input)).toEqual({ flag: 'INVALID' });
    },
  );

  it('gives all nulls for a name that is absent altogether', () => {
    expect(standardizeName({ full: '  ', given: null, order: 'GIVEN_FAMILY' })).toEqual({
      given: null,
      family: null,
      full: null,
      givenPinyin: null,
      familyPinyin: null,
      script: null,
    });
  });

  it('returns a fresh object each time (cached results cannot be changed by a caller)', () => {
    const first = standardizeName(gf('Anna Lee'));
    if ('flag' in first) throw new Error('unexpected flag');
    first.given = 'changed';
    expect(standardizeName(gf('Anna Lee'))).toMatchObject({ given: 'anna' });
  });
});
