import type { CheckPurpose } from '@hcv/contracts';
import type { Institution } from './institution.decide';
import { prefectureName } from '@hcv/domain';
import { insurerStatusAt, type InsurerEnrolment } from './insurer.decide';

/**
 * The list of implementing institutions (実施機関一覧表), as annexed to the collective-contract
 * template (集合契約 別紙), derived from the live registry. Since 2024-04 the list says whether each
 * institution can confirm voucher eligibility online (オンライン資格確認（資格確認限定型）): here an
 * active institution with at least one active registered device can. Pure: registry rows in, list out.
 */

export { prefectureName };

/**
 * The prefecture code: the first two digits of a 健診・保健指導機関番号; for an insurer running checkups
 * itself (whose オンライン資格確認用コード carries none) the prefecture digits of its 保険者番号
 * (8 digits: law code 2 + prefecture 2 + …; 6-digit 国保: prefecture 2 + …).
 */
export function prefectureCodeOf(institution: { institutionNumber?: string; insurerNumber?: string }): string | undefined {
  if (institution.institutionNumber) return institution.institutionNumber.slice(0, 2);
  const insurer = institution.insurerNumber;
  if (!insurer) return undefined;
  return insurer.length === 8 ? insurer.slice(2, 4) : insurer.slice(0, 2);
}

export interface ImplementingInstitution {
  /** 機関番号: a checkup institution's number only; an insurer's code is never shown as one. */
  institutionNumber?: string;
  /** 保険者番号 of an insurer running checkups itself. */
  insurerNumber?: string;
  name: string;
  kind: Institution['kind'];
  prefectureCode?: string;
  prefecture?: string;
  postalCode?: string;
  address?: string;
  phone?: string;
  /** What it offers; undefined when the registry was not told. */
  specificCheckup?: boolean;
  specificGuidance?: boolean;
  comprehensiveCheckup?: boolean;
  activeDevices: number;
  /** The column the 2024 notice added: can it confirm voucher eligibility online? */
  onlineEligibilityConfirmation: boolean;
}

const offers = (kinds: CheckPurpose[] | undefined, kind: CheckPurpose) => (kinds ? kinds.includes(kind) : undefined);

/** Active devices counted per operator. */
export interface ActiveDeviceCounts {
  byInstitution: Map<string, number>;
  byInsurerCode: Map<string, number>;
}

/** One listing row: what a checkup institution and an insurer running checkups itself have in common. */
interface ListedOperator {
  institutionNumber?: string;
  insurerNumber?: string;
  name: string;
  kind: Institution['kind'];
  postalCode?: string;
  address?: string;
  phone?: string;
  checkupKinds?: CheckPurpose[];
  devices: number;
}

/**
 * Withdrawn institutions and insurers (廃止届, from its effective date) no longer implement anything
 * and are left out. Institutions come first by number, then insurers by insurer number.
 */
export function implementingInstitutions(
  institutions: Institution[],
  insurers: InsurerEnrolment[],
  activeDevices: ActiveDeviceCounts,
  at: Date,
): ImplementingInstitution[] {
  const rows: ListedOperator[] = [
    ...institutions
      // Rows of kind `insurer` predate InsurerEnrolment and are migrated out of the institutions on start-up.
      .filter((i) => i.status === 'active' && i.kind === 'checkup-institution')
      .sort((a, b) => a.institutionNumber.localeCompare(b.institutionNumber))
      .map((i) => ({ ...i, devices: activeDevices.byInstitution.get(i.institutionNumber) ?? 0 })),
    ...insurers
      .filter((e) => insurerStatusAt(e, at) === 'active')
      .sort((a, b) => a.insurerNumber.localeCompare(b.insurerNumber))
      .map(({ onlineEligibilityCode, insurerNumber, name, postalCode, address, phone, checkupKinds }) => ({
        insurerNumber,
        name,
        kind: 'insurer' as const,
        postalCode,
        address,
        phone,
        checkupKinds,
        devices: activeDevices.byInsurerCode.get(onlineEligibilityCode) ?? 0,
      })),
  ];
  return rows.map((i) => {
    const prefectureCode = prefectureCodeOf(i);
    const row: ImplementingInstitution = {
      ...(i.institutionNumber ? { institutionNumber: i.institutionNumber } : {}),
      ...(i.insurerNumber && !i.institutionNumber ? { insurerNumber: i.insurerNumber } : {}),
      name: i.name,
      kind: i.kind,
      ...(prefectureCode ? { prefectureCode } : {}),
      ...(prefectureCode && prefectureName(prefectureCode) ? { prefecture: prefectureName(prefectureCode) } : {}),
      ...(i.postalCode ? { postalCode: i.postalCode } : {}),
      ...(i.address ? { address: i.address } : {}),
      ...(i.phone ? { phone: i.phone } : {}),
      activeDevices: i.devices,
      onlineEligibilityConfirmation: i.devices > 0,
    };
    const kinds = {
      specificCheckup: offers(i.checkupKinds, 'specific-checkup'),
      specificGuidance: offers(i.checkupKinds, 'specific-guidance'),
      comprehensiveCheckup: offers(i.checkupKinds, 'comprehensive-checkup'),
    };
    for (const [k, v] of Object.entries(kinds)) if (v !== undefined) (row as unknown as Record<string, boolean>)[k] = v;
    return row;
  });
}

const mark = (v: boolean | undefined) => (v === undefined ? '' : v ? '○' : '×');

/**
 * The CSV columns, in the annex's order, with its Japanese headings; 保険者番号 and the last one are
 * ours (not in the annex). 機関番号 is blank for an insurer running checkups itself: its オンライン資格確認用コード
 * is not an institution number and is not printed at all. Kinds show ○ (offered) / × (not) / blank
 * (not recorded); the online column 可 / 否.
 */
export const LIST_COLUMNS = [
  { key: 'institutionNumber', label: '機関番号' },
  { key: 'insurerNumber', label: '保険者番号' },
  { key: 'name', label: '機関名称' },
  { key: 'kind', label: '機関種別' },
  { key: 'prefecture', label: '都道府県' },
  { key: 'postalCode', label: '郵便番号' },
  { key: 'address', label: '所在地' },
  { key: 'phone', label: '電話番号' },
  { key: 'specificCheckup', label: '特定健診' },
  { key: 'specificGuidance', label: '特定保健指導' },
  { key: 'comprehensiveCheckup', label: '人間ドック' },
  { key: 'onlineEligibilityConfirmation', label: '受診券等のオンライン資格確認（資格確認限定型）' },
  { key: 'activeDevices', label: '有効な登録端末数' },
] as const;

export type ListCsvRow = Record<(typeof LIST_COLUMNS)[number]['key'], string | number>;

export function listCsvRow(i: ImplementingInstitution): ListCsvRow {
  return {
    institutionNumber: i.institutionNumber ?? '',
    insurerNumber: i.insurerNumber ?? '',
    name: i.name,
    kind: i.kind === 'insurer' ? '保険者（直営）' : '健診・保健指導機関',
    prefecture: i.prefecture ?? '',
    postalCode: i.postalCode ?? '',
    address: i.address ?? '',
    phone: i.phone ?? '',
    specificCheckup: mark(i.specificCheckup),
    specificGuidance: mark(i.specificGuidance),
    comprehensiveCheckup: mark(i.comprehensiveCheckup),
    onlineEligibilityConfirmation: i.onlineEligibilityConfirmation ? '可' : '否',
    activeDevices: i.activeDevices,
  };
}
