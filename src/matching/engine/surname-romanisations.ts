/**
 * Common Chinese family names and their other romanisations (Wade-Giles, Cantonese, Hokkien and
 * older passport spellings), written by hand from general knowledge. A family name romanised
 * outside pinyin is a different string but the same name: 张 is Zhang in pinyin, Chang in
 * Wade-Giles and Cheung in Hong Kong. Two family names are variants when some pinyin name lists
 * both. Spellings are the comparison's pinyin form: lower-case a-z.
 */
const VARIANTS: Record<string, readonly string[]> = {
  bai: ['pai', 'pak'],
  cai: ['tsai', 'choi', 'choy', 'chua', 'tsoi'],
  cao: ['tsao', 'tso', 'cho', 'chou'],
  chen: ['chan', 'chin', 'tan', 'chun', 'tchen'],
  cheng: ['ching', 'chiang'],
  cui: ['tsui', 'choi', 'tsuei'],
  dai: ['tai'],
  deng: ['teng', 'tang', 'dang'],
  ding: ['ting', 'teng'],
  dong: ['tung'],
  du: ['tu', 'to', 'tou'],
  fan: ['faan'],
  fang: ['fong'],
  feng: ['fung', 'fong'],
  gao: ['kao', 'ko', 'kou'],
  gong: ['kung'],
  guo: ['kuo', 'kwok', 'quek', 'kok', 'gwok'],
  han: ['hon', 'hahn'],
  he: ['ho', 'hoh'],
  hu: ['wu', 'woo', 'foo'],
  huang: ['wong', 'hwang', 'ng', 'ooi', 'wee', 'hoang'],
  jiang: ['chiang', 'kong', 'keung', 'kang', 'jang', 'cheung'],
  jin: ['chin', 'kam', 'kim', 'gin'],
  kong: ['hung'],
  lai: ['lay'],
  li: ['lee', 'lei', 'ly', 'lie', 'lih'],
  liang: ['leung', 'neo', 'liong'],
  lin: ['lam', 'lim', 'ling'],
  liu: ['lau', 'lao', 'lew', 'low', 'lieu', 'lou'],
  lu: ['lo', 'loh', 'lou', 'loo', 'lok', 'luk'],
  luo: ['lo', 'law', 'loh', 'lor', 'lok'],
  lyu: ['lu', 'lv', 'lui', 'lue', 'leu'],
  ma: ['mah', 'mar'],
  mo: ['mok'],
  pan: ['poon', 'pun', 'phan'],
  peng: ['pang', 'phang'],
  qian: ['chien', 'chin', 'tsien'],
  qiu: ['chiu', 'yau', 'khoo', 'chew'],
  shan: ['dan', 'chan', 'san', 'sin'],
  shen: ['shum', 'sum', 'sim', 'sham'],
  song: ['sung', 'soong'],
  su: ['so', 'soo', 'sou'],
  sun: ['suen', 'soon', 'sng'],
  tan: ['tam', 'taam'],
  tang: ['tong', 'tung'],
  tian: ['tin', 'tien', 'thien'],
  wang: ['wong', 'ong', 'heng', 'vong'],
  wei: ['wai', 'ngai', 'wee'],
  wu: ['ng', 'woo', 'goh', 'ngo', 'eng', 'ang'],
  xiao: ['hsiao', 'siu', 'siew', 'seow'],
  xie: ['hsieh', 'tse', 'chia', 'sia', 'tsia'],
  xu: ['hsu', 'hui', 'tsui', 'chui', 'koh', 'khor', 'shu'],
  yan: ['yen', 'yim', 'ngan', 'gan'],
  yang: ['yeung', 'yeo', 'young', 'yong', 'ieong'],
  ye: ['yeh', 'yip', 'ip', 'yap', 'yiap'],
  yu: ['yue', 'yee', 'yuen', 'u', 'yiu'],
  yuan: ['yuen', 'wan', 'woon'],
  zeng: ['tseng', 'tsang', 'chang'],
  zhang: ['chang', 'cheung', 'cheong', 'teo', 'chong', 'tsang'],
  zhao: ['chao', 'chiu', 'chew', 'chiew', 'teo'],
  zheng: ['cheng', 'cheang', 'tay', 'teh', 'chang'],
  zhong: ['chung', 'chong', 'cheong'],
  zhou: ['chow', 'chou', 'chau', 'chew', 'chiu'],
  zhu: ['chu', 'chue', 'choo', 'chiu'],
};

/** spelling -> the pinyin names it may stand for (itself included when it is pinyin) */
const GROUPS: ReadonlyMap<string, readonly string[]> = (() => {
  const groups = new Map<string, string[]>();
  const add = (spelling: string, pinyin: string) => {
    const key = spelling.replace(/[^a-z]/g, '');
    const list = groups.get(key) ?? [];
    if (!list.includes(pinyin)) list.push(pinyin);
    groups.set(key, list);
  };
  for (const [pinyin, spellings] of Object.entries(VARIANTS)) {
    add(pinyin, pinyin);
    for (const s of spellings) add(s, pinyin);
  }
  return groups;
})();

/** True when two different family names are known romanisations of one Chinese family name. */
export function areSurnameVariants(a: string, b: string): boolean {
  const ga = GROUPS.get(a);
  const gb = GROUPS.get(b);
  if (ga === undefined || gb === undefined) return false;
  for (const g of ga) if (gb.includes(g)) return true;
  return false;
}
