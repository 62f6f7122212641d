import type {
  ContractInstitutionListResponse,
  ContractInstitutionRow,
  GuidanceLevel,
  InstitutionListing,
  OpeningHours,
  VoucherPart,
  Weekday,
} from '@hcv/contracts';
import { prefectureName } from '@hcv/domain';
import type { Contract } from './contract';

/**
 * The list of implementing institutions (実施機関一覧表) of ONE contract, as annexed to a collective
 * contract (集合契約 別紙): one row per institution the contract names, with its unit prices per part,
 * the guidance types it may serve, its days and hours, and whether it can confirm a voucher holder's
 * eligibility online. Capable means either a registered, active 限定型 device (オンライン資格確認（資格確認
 * 限定型）) or a 既存型 資格確認端末 the institution already confirms through. Only 健診・保健指導機関番号 are
 * listed: a contract names institutions, never an insurer's オンライン資格確認用コード. Pure: contract and
 * registry facts in, rows out.
 */

/** A checkup institution as voucher-matching learns it from the registry (institution.registered). */
export type ListedInstitution = InstitutionListing & { institutionNumber: string; name: string; registeredAt: string };

/** The list without its CSV columns (the handler adds the configured ones). */
export type ContractInstitutionList = Omit<ContractInstitutionListResponse, 'columns'>;

const ALL_LEVELS: GuidanceLevel[] = ['intensive', 'motivational', 'motivational-equivalent'];

/** The guidance levels an institution may serve: the contract's (every level if it names none), unless guidance is not offered. */
function guidanceLevelsOf(contract: Contract, institution: ListedInstitution | undefined): GuidanceLevel[] {
  if (!contract.purposes.includes('specific-guidance')) return [];
  if (institution?.checkupKinds && !institution.checkupKinds.includes('specific-guidance')) return [];
  return contract.guidanceLevels ? ALL_LEVELS.filter((l) => contract.guidanceLevels!.includes(l)) : [...ALL_LEVELS];
}

export function contractInstitutionList(
  contract: Contract,
  institutions: ReadonlyMap<string, ListedInstitution>,
  activeDevices: ReadonlyMap<string, number>,
  at: Date,
): ContractInstitutionList {
  const numbers = [...new Set(contract.institutionNumbers)].sort();
  const rows = numbers.map((institutionNumber): ContractInstitutionRow => {
    const i = institutions.get(institutionNumber);
    const limitedTypeDevices = activeDevices.get(institutionNumber) ?? 0;
    const existingTypeTerminal = i?.existingTypeTerminal === true;
    const prefecture = prefectureName(institutionNumber.slice(0, 2));
    return {
      institutionNumber,
      registered: i !== undefined,
      ...(i ? { name: i.name } : {}),
      ...(prefecture ? { prefecture } : {}),
      ...(i?.postalCode ? { postalCode: i.postalCode } : {}),
      ...(i?.address ? { address: i.address } : {}),
      ...(i?.phone ? { phone: i.phone } : {}),
      unitPrices: { ...(contract.unitPrices ?? {}) },
      guidanceLevels: guidanceLevelsOf(contract, i),
      ...(i?.openingHours ? { openingHours: i.openingHours } : {}),
      ...(i?.openingNote ? { openingNote: i.openingNote } : {}),
      onlineEligibility: { capable: limitedTypeDevices > 0 || existingTypeTerminal, limitedTypeDevices, existingTypeTerminal },
    };
  });
  return {
    contractId: contract.contractId,
    contractName: contract.name,
    kind: contract.kind,
    ...(contract.coordinator ? { coordinator: contract.coordinator } : {}),
    validFrom: contract.validFrom,
    validUntil: contract.validUntil,
    generatedAt: at.toISOString(),
    totals: {
      institutions: rows.length,
      onlineCapable: rows.filter((r) => r.onlineEligibility.capable).length,
      withLimitedTypeDevices: rows.filter((r) => r.onlineEligibility.limitedTypeDevices > 0).length,
      withExistingTypeTerminal: rows.filter((r) => r.onlineEligibility.existingTypeTerminal).length,
      notRegistered: rows.filter((r) => !r.registered).length,
    },
    institutions: rows,
  };
}

// ---- The CSV: columns and cells ----

const WEEKDAY_JA: Record<Weekday, string> = { mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土', sun: '日' };
const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const LEVEL_JA: Record<GuidanceLevel, string> = {
  intensive: '積極的支援',
  motivational: '動機付け支援',
  'motivational-equivalent': '動機付け支援相当',
};

/** Days as the annex would print them: "月・火・水・木・金 09:00-17:00／土 09:00-12:00". */
export function openingHoursText(hours: readonly OpeningHours[] | undefined): string {
  if (!hours) return '';
  return hours
    .map(
      (h) =>
        `${WEEK.filter((d) => h.days.includes(d))
          .map((d) => WEEKDAY_JA[d])
          .join('・')} ${h.from}-${h.to}`,
    )
    .join('／');
}

const price = (part: VoucherPart) => (r: ContractInstitutionRow) => r.unitPrices[part] ?? '';

/**
 * Every column the CSV can have, in the default order, with the default heading. The annex's exact
 * column set and headings are not settled in the public material the platform follows, so they are a
 * setting (`CONTRACT_INSTITUTION_LIST_COLUMNS`, see the README): these are the platform's choice.
 * 機関番号 is always a 健診・保健指導機関番号.
 */
export const CONTRACT_LIST_COLUMNS = [
  { key: 'institutionNumber', label: '機関番号', cell: (r) => r.institutionNumber },
  { key: 'name', label: '機関名称', cell: (r) => r.name ?? '' },
  { key: 'prefecture', label: '都道府県', cell: (r) => r.prefecture ?? '' },
  { key: 'postalCode', label: '郵便番号', cell: (r) => r.postalCode ?? '' },
  { key: 'address', label: '所在地', cell: (r) => r.address ?? '' },
  { key: 'phone', label: '電話番号', cell: (r) => r.phone ?? '' },
  { key: 'unitPrice.basic', label: '単価（基本的な健診）', cell: price('basic') },
  { key: 'unitPrice.detailed', label: '単価（詳細な健診）', cell: price('detailed') },
  { key: 'unitPrice.additional', label: '単価（追加健診）', cell: price('additional') },
  { key: 'unitPrice.comprehensive', label: '単価（人間ドック）', cell: price('comprehensive') },
  { key: 'unitPrice.guidance', label: '単価（特定保健指導）', cell: price('guidance') },
  { key: 'guidanceLevels', label: '保健指導の区分', cell: (r) => r.guidanceLevels.map((l) => LEVEL_JA[l]).join('・') },
  { key: 'openingHours', label: '実施日・実施時間', cell: (r) => openingHoursText(r.openingHours) },
  { key: 'openingNote', label: '実施日の備考', cell: (r) => r.openingNote ?? '' },
  { key: 'onlineEligibility', label: '受診券等のオンライン資格確認', cell: (r) => (r.onlineEligibility.capable ? '可' : '否') },
  {
    key: 'onlineEligibilityMeans',
    label: 'オンライン資格確認の手段',
    cell: (r) =>
      [
        ...(r.onlineEligibility.limitedTypeDevices > 0 ? [`限定型端末${r.onlineEligibility.limitedTypeDevices}台`] : []),
        ...(r.onlineEligibility.existingTypeTerminal ? ['既存型資格確認端末'] : []),
      ].join('・'),
  },
] as const satisfies readonly { key: string; label: string; cell: (r: ContractInstitutionRow) => string | number }[];

export type ContractListColumnKey = (typeof CONTRACT_LIST_COLUMNS)[number]['key'];
export interface ContractListColumn {
  key: ContractListColumnKey;
  label: string;
}

export const DEFAULT_CONTRACT_LIST_COLUMNS: readonly ContractListColumn[] = CONTRACT_LIST_COLUMNS.map(({ key, label }) => ({ key, label }));

/**
 * Reads the column setting: `key` or `key=heading` items separated by commas, in the order wanted
 * (e.g. `institutionNumber=医療機関コード,name,address,onlineEligibility`). Empty → the default set.
 * An unknown or repeated key, or an empty heading, is refused with a sentence naming it.
 */
export function parseContractListColumns(setting: string | undefined): ContractListColumn[] {
  if (!setting?.trim()) return [...DEFAULT_CONTRACT_LIST_COLUMNS];
  const columns: ContractListColumn[] = [];
  for (const item of setting.split(',')) {
    const [rawKey = '', ...rest] = item.split('=');
    const known = CONTRACT_LIST_COLUMNS.find((c) => c.key === rawKey.trim());
    const key = rawKey.trim() as ContractListColumnKey;
    if (!known) throw new Error(`unknown column "${key}" (known: ${CONTRACT_LIST_COLUMNS.map((c) => c.key).join(', ')})`);
    if (columns.some((c) => c.key === key)) throw new Error(`column "${key}" is given twice`);
    const label = rest.length ? rest.join('=').trim() : known.label;
    if (!label) throw new Error(`column "${key}" has an empty heading`);
    columns.push({ key, label });
  }
  return columns;
}

/** One CSV row: the cells of the chosen columns. */
export function contractListCsvRow(row: ContractInstitutionRow, columns: readonly ContractListColumn[]): Record<string, string | number> {
  return Object.fromEntries(columns.map((c) => [c.key, CONTRACT_LIST_COLUMNS.find((k) => k.key === c.key)!.cell(row)]));
}
