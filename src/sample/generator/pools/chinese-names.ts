/**
 * Chinese name pools: surnames weighted by their share of the population (per mille, rounded;
 * the top five cover about a third of people, as in reality), given-name characters by gender,
 * and the very common full names that make "same name, different person" routine.
 *
 * `pinyin` is the Hanyu Pinyin of the name as a passport writes it; `variants` are the other
 * romanisations a bank meets in the wild (Cantonese/Hong Kong, Wade–Giles/Taiwan, Hokkien/
 * Singapore, and the naive reading of heteronyms such as 单 read "Dan" instead of "Shan").
 */

export interface ChineseSurname {
  hanzi: string;
  pinyin: string;
  weight: number;
  variants: readonly string[];
}

export const CHINESE_SURNAMES: readonly ChineseSurname[] = [
  { hanzi: '王', pinyin: 'Wang', weight: 71, variants: ['Wong'] },
  { hanzi: '李', pinyin: 'Li', weight: 70, variants: ['Lee', 'Lei'] },
  { hanzi: '张', pinyin: 'Zhang', weight: 68, variants: ['Chang', 'Cheung'] },
  { hanzi: '刘', pinyin: 'Liu', weight: 54, variants: ['Lau', 'Lao'] },
  { hanzi: '陈', pinyin: 'Chen', weight: 45, variants: ['Chan', 'Tan'] },
  { hanzi: '杨', pinyin: 'Yang', weight: 31, variants: ['Yeung', 'Young'] },
  { hanzi: '赵', pinyin: 'Zhao', weight: 22, variants: ['Chiu', 'Chao'] },
  { hanzi: '黄', pinyin: 'Huang', weight: 22, variants: ['Wong', 'Hwang'] },
  { hanzi: '周', pinyin: 'Zhou', weight: 19, variants: ['Chow', 'Chou'] },
  { hanzi: '吴', pinyin: 'Wu', weight: 20, variants: ['Ng', 'Woo'] },
  { hanzi: '徐', pinyin: 'Xu', weight: 13, variants: ['Hsu', 'Tsui'] },
  { hanzi: '孙', pinyin: 'Sun', weight: 15, variants: ['Suen'] },
  { hanzi: '胡', pinyin: 'Hu', weight: 11, variants: ['Hoo'] },
  { hanzi: '朱', pinyin: 'Zhu', weight: 11, variants: ['Chu', 'Choo'] },
  { hanzi: '高', pinyin: 'Gao', weight: 9, variants: ['Ko', 'Kao'] },
  { hanzi: '林', pinyin: 'Lin', weight: 9, variants: ['Lam', 'Lim'] },
  { hanzi: '何', pinyin: 'He', weight: 10, variants: ['Ho'] },
  { hanzi: '郭', pinyin: 'Guo', weight: 11, variants: ['Kwok', 'Kuo'] },
  { hanzi: '马', pinyin: 'Ma', weight: 12, variants: ['Mah'] },
  { hanzi: '罗', pinyin: 'Luo', weight: 9, variants: ['Law', 'Lo'] },
  { hanzi: '梁', pinyin: 'Liang', weight: 8, variants: ['Leung'] },
  { hanzi: '宋', pinyin: 'Song', weight: 6, variants: ['Sung'] },
  { hanzi: '郑', pinyin: 'Zheng', weight: 8, variants: ['Cheng', 'Tay'] },
  { hanzi: '谢', pinyin: 'Xie', weight: 6, variants: ['Tse', 'Hsieh'] },
  { hanzi: '韩', pinyin: 'Han', weight: 5, variants: ['Hon'] },
  { hanzi: '唐', pinyin: 'Tang', weight: 6, variants: ['Tong'] },
  { hanzi: '冯', pinyin: 'Feng', weight: 5, variants: ['Fung'] },
  { hanzi: '于', pinyin: 'Yu', weight: 4, variants: ['Yue'] },
  { hanzi: '董', pinyin: 'Dong', weight: 4, variants: ['Tung'] },
  { hanzi: '萧', pinyin: 'Xiao', weight: 2, variants: ['Siu', 'Hsiao'] },
  { hanzi: '肖', pinyin: 'Xiao', weight: 4, variants: ['Siu', 'Hsiao'] },
  { hanzi: '程', pinyin: 'Cheng', weight: 4, variants: ['Ching'] },
  { hanzi: '曹', pinyin: 'Cao', weight: 5, variants: ['Tso', 'Tsao'] },
  { hanzi: '袁', pinyin: 'Yuan', weight: 4, variants: ['Yuen'] },
  { hanzi: '邓', pinyin: 'Deng', weight: 5, variants: ['Tang', 'Teng'] },
  { hanzi: '许', pinyin: 'Xu', weight: 5, variants: ['Hui', 'Hsu'] },
  { hanzi: '傅', pinyin: 'Fu', weight: 2, variants: ['Foo'] },
  { hanzi: '沈', pinyin: 'Shen', weight: 3, variants: ['Shum', 'Sham'] },
  { hanzi: '曾', pinyin: 'Zeng', weight: 5, variants: ['Tsang', 'Tseng'] },
  { hanzi: '彭', pinyin: 'Peng', weight: 5, variants: ['Pang'] },
  { hanzi: '吕', pinyin: 'Lyu', weight: 3, variants: ['Lu', 'Lv', 'Lui'] },
  { hanzi: '苏', pinyin: 'Su', weight: 3, variants: ['So'] },
  { hanzi: '卢', pinyin: 'Lu', weight: 3, variants: ['Lo', 'Lou'] },
  { hanzi: '蒋', pinyin: 'Jiang', weight: 4, variants: ['Chiang', 'Tseung'] },
  { hanzi: '蔡', pinyin: 'Cai', weight: 4, variants: ['Choi', 'Tsai', 'Chua'] },
  { hanzi: '贾', pinyin: 'Jia', weight: 2, variants: ['Chia'] },
  { hanzi: '丁', pinyin: 'Ding', weight: 3, variants: ['Ting'] },
  { hanzi: '魏', pinyin: 'Wei', weight: 3, variants: ['Ngai'] },
  { hanzi: '薛', pinyin: 'Xue', weight: 2, variants: ['Sit', 'Hsueh'] },
  { hanzi: '叶', pinyin: 'Ye', weight: 4, variants: ['Yip', 'Yeh'] },
  { hanzi: '阎', pinyin: 'Yan', weight: 2, variants: ['Yim'] },
  { hanzi: '余', pinyin: 'Yu', weight: 4, variants: ['Yee', 'Yue'] },
  { hanzi: '潘', pinyin: 'Pan', weight: 4, variants: ['Poon'] },
  { hanzi: '杜', pinyin: 'Du', weight: 4, variants: ['To'] },
  { hanzi: '戴', pinyin: 'Dai', weight: 2, variants: ['Tai'] },
  { hanzi: '夏', pinyin: 'Xia', weight: 2, variants: ['Ha', 'Hsia'] },
  { hanzi: '钟', pinyin: 'Zhong', weight: 3, variants: ['Chung'] },
  { hanzi: '汪', pinyin: 'Wang', weight: 3, variants: ['Wong'] },
  { hanzi: '田', pinyin: 'Tian', weight: 4, variants: ['Tin'] },
  { hanzi: '任', pinyin: 'Ren', weight: 3, variants: ['Yam', 'Jen'] },
  { hanzi: '姜', pinyin: 'Jiang', weight: 3, variants: ['Keung'] },
  { hanzi: '范', pinyin: 'Fan', weight: 3, variants: ['Faan'] },
  { hanzi: '方', pinyin: 'Fang', weight: 2, variants: ['Fong'] },
  { hanzi: '石', pinyin: 'Shi', weight: 3, variants: ['Shek'] },
  { hanzi: '姚', pinyin: 'Yao', weight: 3, variants: ['Yiu'] },
  { hanzi: '谭', pinyin: 'Tan', weight: 3, variants: ['Tam'] },
  { hanzi: '廖', pinyin: 'Liao', weight: 2, variants: ['Liu'] },
  { hanzi: '邹', pinyin: 'Zou', weight: 2, variants: ['Chau'] },
  { hanzi: '熊', pinyin: 'Xiong', weight: 2, variants: ['Hung'] },
  { hanzi: '金', pinyin: 'Jin', weight: 3, variants: ['Kam', 'Kim'] },
  { hanzi: '陆', pinyin: 'Lu', weight: 3, variants: ['Luk'] },
  { hanzi: '郝', pinyin: 'Hao', weight: 2, variants: ['Hok'] },
  { hanzi: '孔', pinyin: 'Kong', weight: 2, variants: ['Hung'] },
  { hanzi: '白', pinyin: 'Bai', weight: 2, variants: ['Pak'] },
  { hanzi: '崔', pinyin: 'Cui', weight: 3, variants: ['Tsui', 'Choi'] },
  { hanzi: '康', pinyin: 'Kang', weight: 1, variants: ['Hong'] },
  { hanzi: '毛', pinyin: 'Mao', weight: 2, variants: ['Mo'] },
  { hanzi: '邱', pinyin: 'Qiu', weight: 2, variants: ['Yau', 'Chiu'] },
  { hanzi: '秦', pinyin: 'Qin', weight: 2, variants: ['Chun', 'Chin'] },
  { hanzi: '江', pinyin: 'Jiang', weight: 2, variants: ['Kong'] },
  { hanzi: '史', pinyin: 'Shi', weight: 2, variants: ['Sze'] },
  { hanzi: '顾', pinyin: 'Gu', weight: 2, variants: ['Koo'] },
  { hanzi: '侯', pinyin: 'Hou', weight: 2, variants: ['Hau'] },
  { hanzi: '邵', pinyin: 'Shao', weight: 2, variants: ['Siu'] },
  { hanzi: '孟', pinyin: 'Meng', weight: 2, variants: ['Mang'] },
  { hanzi: '龙', pinyin: 'Long', weight: 2, variants: ['Lung'] },
  { hanzi: '万', pinyin: 'Wan', weight: 2, variants: ['Man'] },
  { hanzi: '段', pinyin: 'Duan', weight: 2, variants: ['Tuen'] },
  { hanzi: '雷', pinyin: 'Lei', weight: 2, variants: ['Lui'] },
  { hanzi: '钱', pinyin: 'Qian', weight: 2, variants: ['Chin'] },
  { hanzi: '汤', pinyin: 'Tang', weight: 2, variants: ['Tong'] },
  { hanzi: '尹', pinyin: 'Yin', weight: 2, variants: ['Wan'] },
  { hanzi: '黎', pinyin: 'Li', weight: 2, variants: ['Lai'] },
  { hanzi: '易', pinyin: 'Yi', weight: 1, variants: ['Yik'] },
  { hanzi: '常', pinyin: 'Chang', weight: 1, variants: ['Sheung'] },
  { hanzi: '武', pinyin: 'Wu', weight: 2, variants: ['Mo'] },
  { hanzi: '乔', pinyin: 'Qiao', weight: 1, variants: ['Kiu'] },
  { hanzi: '贺', pinyin: 'He', weight: 2, variants: ['Ho'] },
  { hanzi: '赖', pinyin: 'Lai', weight: 1, variants: ['Lai'] },
  { hanzi: '龚', pinyin: 'Gong', weight: 2, variants: ['Kung'] },
  { hanzi: '文', pinyin: 'Wen', weight: 1, variants: ['Man'] },
  { hanzi: '单', pinyin: 'Shan', weight: 1, variants: ['Dan', 'Sin'] },
  { hanzi: '解', pinyin: 'Xie', weight: 1, variants: ['Jie', 'Hsieh'] },
  { hanzi: '区', pinyin: 'Ou', weight: 1, variants: ['Au', 'Qu'] },
  { hanzi: '欧阳', pinyin: 'Ouyang', weight: 1, variants: ['Au-Yeung', 'Auyeung', 'Ou Yang'] },
  { hanzi: '司马', pinyin: 'Sima', weight: 0.4, variants: ['Szema', 'Si Ma'] },
  { hanzi: '司徒', pinyin: 'Situ', weight: 0.4, variants: ['Szeto', 'Seto'] },
  { hanzi: '上官', pinyin: 'Shangguan', weight: 0.2, variants: ['Shang Guan', 'Sheungkwun'] },
  { hanzi: '诸葛', pinyin: 'Zhuge', weight: 0.1, variants: ['Chu-ko', 'Zhu Ge'] },
  { hanzi: '慕容', pinyin: 'Murong', weight: 0.1, variants: ['Mo Yung'] },
  { hanzi: '东方', pinyin: 'Dongfang', weight: 0.1, variants: ['Tung Fong'] },
];

export interface GivenCharacter {
  hanzi: string;
  pinyin: string;
  /** M, F, or U for names either gender uses */
  gender: 'M' | 'F' | 'U';
}

const c = (hanzi: string, pinyin: string, gender: 'M' | 'F' | 'U'): GivenCharacter => ({ hanzi, pinyin, gender });

export const GIVEN_CHARACTERS: readonly GivenCharacter[] = [
  c('伟', 'wei', 'M'), c('强', 'qiang', 'M'), c('磊', 'lei', 'M'), c('军', 'jun', 'M'), c('洋', 'yang', 'M'),
  c('勇', 'yong', 'M'), c('杰', 'jie', 'M'), c('涛', 'tao', 'M'), c('超', 'chao', 'M'), c('刚', 'gang', 'M'),
  c('辉', 'hui', 'M'), c('鹏', 'peng', 'M'), c('飞', 'fei', 'M'), c('鑫', 'xin', 'M'), c('波', 'bo', 'M'),
  c('斌', 'bin', 'M'), c('浩', 'hao', 'M'), c('凯', 'kai', 'M'), c('健', 'jian', 'M'), c('俊', 'jun', 'M'),
  c('帆', 'fan', 'M'), c('帅', 'shuai', 'M'), c('旭', 'xu', 'M'), c('龙', 'long', 'M'), c('峰', 'feng', 'M'),
  c('建', 'jian', 'M'), c('国', 'guo', 'M'), c('志', 'zhi', 'M'), c('东', 'dong', 'M'), c('海', 'hai', 'M'),
  c('亮', 'liang', 'M'), c('博', 'bo', 'M'), c('轩', 'xuan', 'M'), c('豪', 'hao', 'M'), c('铭', 'ming', 'M'),
  c('泽', 'ze', 'M'), c('睿', 'rui', 'M'), c('成', 'cheng', 'M'), c('坤', 'kun', 'M'), c('德', 'de', 'M'),
  c('昊', 'hao', 'M'), c('毅', 'yi', 'M'), c('振', 'zhen', 'M'), c('宏', 'hong', 'M'), c('庆', 'qing', 'M'),
  c('明', 'ming', 'U'), c('华', 'hua', 'U'), c('平', 'ping', 'U'), c('宇', 'yu', 'U'), c('林', 'lin', 'U'),
  c('文', 'wen', 'U'), c('晨', 'chen', 'U'), c('宁', 'ning', 'U'), c('春', 'chun', 'U'), c('嘉', 'jia', 'U'),
  c('子', 'zi', 'U'), c('天', 'tian', 'U'), c('永', 'yong', 'U'), c('家', 'jia', 'U'), c('晓', 'xiao', 'U'),
  c('小', 'xiao', 'U'), c('思', 'si', 'U'), c('雨', 'yu', 'U'), c('云', 'yun', 'U'), c('欣', 'xin', 'U'),
  c('芳', 'fang', 'F'), c('娜', 'na', 'F'), c('敏', 'min', 'F'), c('静', 'jing', 'F'), c('丽', 'li', 'F'),
  c('艳', 'yan', 'F'), c('娟', 'juan', 'F'), c('霞', 'xia', 'F'), c('秀', 'xiu', 'F'), c('英', 'ying', 'F'),
  c('燕', 'yan', 'F'), c('玲', 'ling', 'F'), c('桂', 'gui', 'F'), c('丹', 'dan', 'F'), c('萍', 'ping', 'F'),
  c('红', 'hong', 'F'), c('玉', 'yu', 'F'), c('兰', 'lan', 'F'), c('婷', 'ting', 'F'), c('雪', 'xue', 'F'),
  c('琳', 'lin', 'F'), c('晶', 'jing', 'F'), c('颖', 'ying', 'F'), c('慧', 'hui', 'F'), c('佳', 'jia', 'F'),
  c('倩', 'qian', 'F'), c('怡', 'yi', 'F'), c('梅', 'mei', 'F'), c('莉', 'li', 'F'), c('洁', 'jie', 'F'),
  c('琴', 'qin', 'F'), c('璐', 'lu', 'F'), c('雅', 'ya', 'F'), c('美', 'mei', 'F'), c('梦', 'meng', 'F'),
  c('诗', 'shi', 'F'), c('涵', 'han', 'F'), c('月', 'yue', 'F'), c('凤', 'feng', 'F'), c('淑', 'shu', 'F'),
];

/** Full names shared by hundreds of thousands of people in China (male, female). */
export const COMMON_FULL_NAMES: readonly { family: string; given: string; gender: 'M' | 'F' }[] = [
  ['张', '伟', 'M'], ['王', '伟', 'M'], ['王', '芳', 'F'], ['李', '伟', 'M'], ['李', '娜', 'F'],
  ['张', '敏', 'F'], ['李', '静', 'F'], ['王', '静', 'F'], ['刘', '伟', 'M'], ['王', '秀英', 'F'],
  ['张', '丽', 'F'], ['李', '秀英', 'F'], ['王', '丽', 'F'], ['张', '静', 'F'], ['张', '秀英', 'F'],
  ['李', '强', 'M'], ['王', '敏', 'F'], ['李', '敏', 'F'], ['王', '磊', 'M'], ['刘', '洋', 'M'],
  ['王', '艳', 'F'], ['王', '勇', 'M'], ['李', '军', 'M'], ['张', '勇', 'M'], ['李', '杰', 'M'],
  ['张', '杰', 'M'], ['张', '磊', 'M'], ['王', '强', 'M'], ['李', '娟', 'F'], ['王', '军', 'M'],
  ['陈', '静', 'F'], ['刘', '芳', 'F'], ['杨', '勇', 'M'], ['陈', '伟', 'M'], ['李', '明', 'M'],
].map(([family, given, gender]) => ({ family: family!, given: given!, gender: gender as 'M' | 'F' }));

/**
 * Characters a pinyin input method offers for the same syllable: the typical CJK "typo" is the
 * wrong homophone picked from the candidate list (伟 → 玮, 张 → 章), not a wrong keystroke.
 */
export const HOMOPHONES: Readonly<Record<string, readonly string[]>> = {
  伟: ['玮', '炜', '维'], 娜: ['纳'], 静: ['晶', '婧'], 敏: ['民', '闽'], 丽: ['莉', '俐', '立'],
  芳: ['方', '舫'], 军: ['君', '钧'], 杰: ['洁', '捷'], 明: ['铭', '鸣'], 华: ['桦', '骅'],
  涛: ['滔', '韬'], 磊: ['蕾', '垒'], 强: ['蔷'], 勇: ['永', '咏'], 洋: ['阳', '扬'],
  红: ['虹', '宏'], 燕: ['艳', '雁'], 玲: ['铃', '龄'], 平: ['萍', '苹'], 辉: ['晖', '徽'],
  婷: ['亭', '庭'], 颖: ['莹', '盈'], 欣: ['鑫', '新', '馨'], 佳: ['家', '嘉'], 鹏: ['朋'],
  飞: ['菲', '非'], 俊: ['骏', '峻'], 峰: ['锋', '枫'], 浩: ['皓', '昊'], 宇: ['雨', '羽'],
  晓: ['小', '筱'], 雪: ['学'], 慧: ['惠', '蕙'], 琳: ['林', '霖'], 梅: ['玫', '媚'],
  张: ['章'], 王: ['汪'], 刘: ['柳'], 陈: ['程'], 徐: ['许'], 杨: ['阳'], 林: ['琳'],
};
