/**
 * The 47 prefectures with their JIS X 0401 codes and the usual eight regions (八地方区分), for the
 * desk's grouping and its tile map. A site's prefecture is the first two digits of its
 * 健診・保健指導機関番号 (DOMAIN.md); a site run by an insurer itself (no institution number) has none.
 */

export type RegionKey = 'hokkaido' | 'tohoku' | 'kanto' | 'chubu' | 'kinki' | 'chugoku' | 'shikoku' | 'kyushu';

export interface Region {
  key: RegionKey;
  name: string;
  nameEn: string;
}

export interface Prefecture {
  /** JIS X 0401, two digits (`01`–`47`). */
  code: string;
  name: string;
  nameEn: string;
  region: RegionKey;
}

export const REGIONS: readonly Region[] = [
  { key: 'hokkaido', name: '北海道', nameEn: 'Hokkaido' },
  { key: 'tohoku', name: '東北', nameEn: 'Tohoku' },
  { key: 'kanto', name: '関東', nameEn: 'Kanto' },
  { key: 'chubu', name: '中部', nameEn: 'Chubu' },
  { key: 'kinki', name: '近畿', nameEn: 'Kinki' },
  { key: 'chugoku', name: '中国', nameEn: 'Chugoku' },
  { key: 'shikoku', name: '四国', nameEn: 'Shikoku' },
  { key: 'kyushu', name: '九州・沖縄', nameEn: 'Kyushu-Okinawa' },
];

const P = (code: string, name: string, nameEn: string, region: RegionKey): Prefecture => ({ code, name, nameEn, region });

export const PREFECTURES: readonly Prefecture[] = [
  P('01', '北海道', 'Hokkaido', 'hokkaido'),
  P('02', '青森県', 'Aomori', 'tohoku'),
  P('03', '岩手県', 'Iwate', 'tohoku'),
  P('04', '宮城県', 'Miyagi', 'tohoku'),
  P('05', '秋田県', 'Akita', 'tohoku'),
  P('06', '山形県', 'Yamagata', 'tohoku'),
  P('07', '福島県', 'Fukushima', 'tohoku'),
  P('08', '茨城県', 'Ibaraki', 'kanto'),
  P('09', '栃木県', 'Tochigi', 'kanto'),
  P('10', '群馬県', 'Gunma', 'kanto'),
  P('11', '埼玉県', 'Saitama', 'kanto'),
  P('12', '千葉県', 'Chiba', 'kanto'),
  P('13', '東京都', 'Tokyo', 'kanto'),
  P('14', '神奈川県', 'Kanagawa', 'kanto'),
  P('15', '新潟県', 'Niigata', 'chubu'),
  P('16', '富山県', 'Toyama', 'chubu'),
  P('17', '石川県', 'Ishikawa', 'chubu'),
  P('18', '福井県', 'Fukui', 'chubu'),
  P('19', '山梨県', 'Yamanashi', 'chubu'),
  P('20', '長野県', 'Nagano', 'chubu'),
  P('21', '岐阜県', 'Gifu', 'chubu'),
  P('22', '静岡県', 'Shizuoka', 'chubu'),
  P('23', '愛知県', 'Aichi', 'chubu'),
  P('24', '三重県', 'Mie', 'kinki'),
  P('25', '滋賀県', 'Shiga', 'kinki'),
  P('26', '京都府', 'Kyoto', 'kinki'),
  P('27', '大阪府', 'Osaka', 'kinki'),
  P('28', '兵庫県', 'Hyogo', 'kinki'),
  P('29', '奈良県', 'Nara', 'kinki'),
  P('30', '和歌山県', 'Wakayama', 'kinki'),
  P('31', '鳥取県', 'Tottori', 'chugoku'),
  P('32', '島根県', 'Shimane', 'chugoku'),
  P('33', '岡山県', 'Okayama', 'chugoku'),
  P('34', '広島県', 'Hiroshima', 'chugoku'),
  P('35', '山口県', 'Yamaguchi', 'chugoku'),
  P('36', '徳島県', 'Tokushima', 'shikoku'),
  P('37', '香川県', 'Kagawa', 'shikoku'),
  P('38', '愛媛県', 'Ehime', 'shikoku'),
  P('39', '高知県', 'Kochi', 'shikoku'),
  P('40', '福岡県', 'Fukuoka', 'kyushu'),
  P('41', '佐賀県', 'Saga', 'kyushu'),
  P('42', '長崎県', 'Nagasaki', 'kyushu'),
  P('43', '熊本県', 'Kumamoto', 'kyushu'),
  P('44', '大分県', 'Oita', 'kyushu'),
  P('45', '宮崎県', 'Miyazaki', 'kyushu'),
  P('46', '鹿児島県', 'Kagoshima', 'kyushu'),
  P('47', '沖縄県', 'Okinawa', 'kyushu'),
];

const BY_CODE = new Map(PREFECTURES.map((p) => [p.code, p]));
const REGION_BY_KEY = new Map(REGIONS.map((r) => [r.key, r]));

export const prefectureByCode = (code: string | undefined): Prefecture | undefined => (code ? BY_CODE.get(code) : undefined);
export const regionByKey = (key: RegionKey): Region => REGION_BY_KEY.get(key)!;

/** The prefecture of an institution number (its first two digits), or undefined (none, or not 01–47). */
export function prefectureOfInstitution(institutionNumber: string | undefined): Prefecture | undefined {
  return institutionNumber && /^\d{10}$/.test(institutionNumber) ? prefectureByCode(institutionNumber.slice(0, 2)) : undefined;
}
