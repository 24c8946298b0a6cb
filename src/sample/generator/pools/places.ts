/**
 * Address and contact pools. Chinese districts carry their real administrative area code (the
 * first six digits of a resident id registered there) and a postcode of the district; roads are
 * the names every Chinese city has (人民路, 中山路), so the same street recurs across cities.
 * Foreign addresses are a few cities per country where the bank's Latin-name customers live.
 */

export interface ChineseDistrict {
  province: string;
  provinceEn: string;
  city: string;
  cityEn: string;
  district: string;
  districtEn: string;
  areaCode: string;
  postcode: string;
  weight: number;
}

const d = (
  province: string, provinceEn: string, city: string, cityEn: string, weight: number,
  districts: readonly (readonly [string, string, string, string])[],
): ChineseDistrict[] =>
  districts.map(([district, districtEn, areaCode, postcode]) => ({ province, provinceEn, city, cityEn, district, districtEn, areaCode, postcode, weight }));

export const CHINESE_DISTRICTS: readonly ChineseDistrict[] = [
  ...d('北京市', 'Beijing', '北京市', 'Beijing', 5, [
    ['朝阳区', 'Chaoyang', '110105', '100020'], ['海淀区', 'Haidian', '110108', '100080'],
    ['东城区', 'Dongcheng', '110101', '100010'], ['西城区', 'Xicheng', '110102', '100032'], ['丰台区', 'Fengtai', '110106', '100071'],
  ]),
  ...d('上海市', 'Shanghai', '上海市', 'Shanghai', 5, [
    ['浦东新区', 'Pudong', '310115', '200120'], ['黄浦区', 'Huangpu', '310101', '200001'],
    ['徐汇区', 'Xuhui', '310104', '200030'], ['静安区', "Jing'an", '310106', '200040'], ['闵行区', 'Minhang', '310112', '201100'],
  ]),
  ...d('广东省', 'Guangdong', '广州市', 'Guangzhou', 4, [
    ['天河区', 'Tianhe', '440106', '510630'], ['越秀区', 'Yuexiu', '440104', '510030'], ['海珠区', 'Haizhu', '440105', '510220'],
  ]),
  ...d('广东省', 'Guangdong', '深圳市', 'Shenzhen', 4, [
    ['南山区', 'Nanshan', '440305', '518052'], ['福田区', 'Futian', '440304', '518048'], ['罗湖区', 'Luohu', '440303', '518001'],
  ]),
  ...d('浙江省', 'Zhejiang', '杭州市', 'Hangzhou', 3, [
    ['西湖区', 'Xihu', '330106', '310012'], ['上城区', 'Shangcheng', '330102', '310002'], ['滨江区', 'Binjiang', '330108', '310051'],
  ]),
  ...d('江苏省', 'Jiangsu', '南京市', 'Nanjing', 3, [
    ['鼓楼区', 'Gulou', '320106', '210008'], ['玄武区', 'Xuanwu', '320102', '210018'], ['建邺区', 'Jianye', '320105', '210019'],
  ]),
  ...d('江苏省', 'Jiangsu', '苏州市', 'Suzhou', 2, [['姑苏区', 'Gusu', '320508', '215000'], ['吴中区', 'Wuzhong', '320506', '215100']]),
  ...d('四川省', 'Sichuan', '成都市', 'Chengdu', 3, [
    ['武侯区', 'Wuhou', '510107', '610041'], ['锦江区', 'Jinjiang', '510104', '610021'], ['青羊区', 'Qingyang', '510105', '610031'],
  ]),
  ...d('湖北省', 'Hubei', '武汉市', 'Wuhan', 3, [['武昌区', 'Wuchang', '420106', '430060'], ['江汉区', 'Jianghan', '420103', '430022']]),
  ...d('陕西省', 'Shaanxi', '西安市', "Xi'an", 2, [['雁塔区', 'Yanta', '610113', '710061'], ['碑林区', 'Beilin', '610103', '710001']]),
  ...d('重庆市', 'Chongqing', '重庆市', 'Chongqing', 2, [['渝中区', 'Yuzhong', '500103', '400010'], ['江北区', 'Jiangbei', '500105', '400020']]),
  ...d('天津市', 'Tianjin', '天津市', 'Tianjin', 2, [['和平区', 'Heping', '120101', '300041'], ['南开区', 'Nankai', '120104', '300100']]),
  ...d('山东省', 'Shandong', '青岛市', 'Qingdao', 2, [['市南区', 'Shinan', '370202', '266001'], ['崂山区', 'Laoshan', '370212', '266100']]),
  ...d('福建省', 'Fujian', '厦门市', 'Xiamen', 1, [['思明区', 'Siming', '350203', '361001'], ['湖里区', 'Huli', '350206', '361006']]),
  ...d('湖南省', 'Hunan', '长沙市', 'Changsha', 1, [['岳麓区', 'Yuelu', '430104', '410006'], ['芙蓉区', 'Furong', '430102', '410011']]),
  ...d('辽宁省', 'Liaoning', '沈阳市', 'Shenyang', 1, [['和平区', 'Heping', '210102', '110001'], ['沈河区', 'Shenhe', '210103', '110011']]),
];

/** Road names with their pinyin; the suffix (路 Rd, 街 St, 大道 Ave) is chosen per address. */
export const CHINESE_ROADS: readonly (readonly [string, string])[] = [
  ['人民', 'Renmin'], ['建设', 'Jianshe'], ['解放', 'Jiefang'], ['中山', 'Zhongshan'], ['和平', 'Heping'],
  ['新华', 'Xinhua'], ['长江', 'Changjiang'], ['黄河', 'Huanghe'], ['南京', 'Nanjing'], ['北京', 'Beijing'],
  ['建国', 'Jianguo'], ['朝阳', 'Chaoyang'], ['文化', 'Wenhua'], ['胜利', 'Shengli'], ['光明', 'Guangming'],
  ['青年', 'Qingnian'], ['工业', 'Gongye'], ['学府', 'Xuefu'], ['花园', 'Huayuan'], ['东风', 'Dongfeng'],
  ['延安', "Yan'an"], ['复兴', 'Fuxing'], ['滨江', 'Binjiang'], ['湖滨', 'Hubin'], ['科技', 'Keji'],
  ['世纪', 'Shiji'], ['金融', 'Jinrong'], ['友谊', 'Youyi'], ['团结', 'Tuanjie'], ['幸福', 'Xingfu'],
];

export const CHINESE_ROAD_SUFFIXES: readonly (readonly [string, string, number])[] = [
  ['路', 'Rd', 6],
  ['街', 'St', 2],
  ['大道', 'Ave', 1],
];

export interface ForeignCity {
  country: string;
  countryName: string;
  city: string;
  region: string | null;
  streets: readonly string[];
  /** street number before the street name ('12 Baker Street') or after ('Hauptstraße 12') */
  numberFirst: boolean;
  postcode: (digit: () => number, letter: () => string) => string | null;
  /** E.164 country calling code and a mobile national number pattern (# = digit) */
  callingCode: string;
  mobile: string;
  weight: number;
}

export const FOREIGN_CITIES: readonly ForeignCity[] = [
  {
    country: 'GB', countryName: 'United Kingdom', city: 'London', region: 'England', weight: 3, numberFirst: true,
    streets: ['Baker Street', 'Oxford Road', 'High Street', 'Church Lane', 'Victoria Road', 'Kings Road'],
    postcode: (n, l) => `${l()}${l()}${n()} ${n()}${l()}${l()}`, callingCode: '44', mobile: '7### ######',
  },
  {
    country: 'US', countryName: 'United States', city: 'New York', region: 'NY', weight: 2, numberFirst: true,
    streets: ['Park Avenue', 'Madison Avenue', 'West 57th Street', 'Broadway'],
    postcode: (n) => `100${n()}${n()}`, callingCode: '1', mobile: '(212) ###-####',
  },
  {
    country: 'US', countryName: 'United States', city: 'San Francisco', region: 'CA', weight: 1, numberFirst: true,
    streets: ['Market Street', 'Mission Street', 'Valencia Street'],
    postcode: (n) => `941${n()}${n()}`, callingCode: '1', mobile: '(415) ###-####',
  },
  {
    country: 'DE', countryName: 'Germany', city: 'Berlin', region: null, weight: 2, numberFirst: false,
    streets: ['Hauptstraße', 'Müllerstraße', 'Schönhauser Allee', 'Friedrichstraße'],
    postcode: (n) => `10${n()}${n()}${n()}`, callingCode: '49', mobile: '15# #######',
  },
  {
    country: 'DE', countryName: 'Germany', city: 'München', region: 'Bayern', weight: 1, numberFirst: false,
    streets: ['Leopoldstraße', 'Maximilianstraße'],
    postcode: (n) => `80${n()}${n()}${n()}`, callingCode: '49', mobile: '17# #######',
  },
  {
    country: 'FR', countryName: 'France', city: 'Paris', region: 'Île-de-France', weight: 2, numberFirst: true,
    streets: ['Rue de Rivoli', 'Boulevard Haussmann', 'Avenue des Champs-Élysées', 'Rue Saint-Honoré'],
    postcode: (n) => `750${n()}${n()}`, callingCode: '33', mobile: '6 ## ## ## ##',
  },
  {
    country: 'HK', countryName: 'Hong Kong', city: 'Hong Kong', region: null, weight: 2, numberFirst: true,
    streets: ["Queen's Road Central", 'Nathan Road', 'Hennessy Road', 'Des Voeux Road'],
    postcode: () => null, callingCode: '852', mobile: '9### ####',
  },
  {
    country: 'SG', countryName: 'Singapore', city: 'Singapore', region: null, weight: 1, numberFirst: true,
    streets: ['Orchard Road', 'Tanjong Pagar Road', 'Bukit Timah Road'],
    postcode: (n) => `2${n()}${n()}${n()}${n()}${n()}`, callingCode: '65', mobile: '9### ####',
  },
  {
    country: 'IT', countryName: 'Italy', city: 'Milano', region: 'Lombardia', weight: 1, numberFirst: false,
    streets: ['Via Torino', 'Corso Buenos Aires', 'Via Dante'],
    postcode: (n) => `201${n()}${n()}`, callingCode: '39', mobile: '3## #######',
  },
];

/** Mobile prefixes of the three Chinese carriers. */
export const CN_MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199',
];

export const CN_EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['qq.com', 5], ['163.com', 4], ['126.com', 2], ['sina.com', 1], ['foxmail.com', 1], ['gmail.com', 1], ['outlook.com', 1],
];

export const LATIN_EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['gmail.com', 5], ['outlook.com', 2], ['hotmail.com', 2], ['yahoo.com', 1], ['icloud.com', 1], ['web.de', 1], ['gmx.de', 1], ['orange.fr', 1],
];
