import type { PresentedVoucher, ReportedEligibility, VoucherRecord } from '@hcv/contracts';
import { generatePopulation, nationalAppReport, type InsuredPerson } from '@hcv/eligibility-simulator';
import { FEDERATION_COORDINATOR, FEDERATION_UNIT_PRICES, type FederationPlan, type PlatformClient } from '@hcv/federation-driver';

/** The reception app's demo device at the first facility, and what a first-time user needs to complete a visit. */
export interface ReceptionDemo {
  url: string;
  deviceId: string;
  code: string;
  expiresAt: string;
  visitors: { person: InsuredPerson; reported: ReportedEligibility; voucher: PresentedVoucher }[];
}

const DEMO_DEVICE = 'reception-demo-1';
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * For `--keep-running`: registers a tablet for the reception app, issues it a one-time activation
 * code (as an operator would), and prepares demo visitors nobody has visited with yet — people of the
 * simulated population beyond the driven visits, each with a 受診券 the insurer sent and a contract
 * over their insurers — so a person can activate the app and complete a visit from the printout.
 */
export async function prepareReceptionDemo(input: {
  client: PlatformClient;
  urls: { deviceRegistry: string; cardSession: string };
  operatorToken: string;
  plan: FederationPlan;
  seed: number;
  population: number;
  checkupDate: string;
}): Promise<ReceptionDemo> {
  const { client, urls, plan, checkupDate } = input;
  const site = plan.sites.find((s) => s.kind === 'facility') ?? plan.sites[0]!;
  await client.registerDevice({
    deviceId: DEMO_DEVICE,
    institutionNumber: site.institutionNumber,
    siteId: site.siteId,
    kind: 'tablet',
    requestedBy: 'embedded-demo',
  });
  const issued = await fetch(`${urls.deviceRegistry}/devices/${DEMO_DEVICE}/activation-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${input.operatorToken}` },
  });
  if (issued.status !== 201) throw new Error(`activation code for ${DEMO_DEVICE}: ${issued.status} ${await issued.text()}`);
  const { code, expiresAt } = (await issued.json()) as { code: string; expiresAt: string };

  // People the driven visits did not use (they take people in order), eligible today, one card each.
  const people = generatePopulation({ seed: input.seed, size: input.population });
  const used = new Set(plan.visits.map((v) => v.cardReference));
  const chosen = people
    .filter((p) => !used.has(p.cardReference) && !p.duplicated && !p.qualification.lostOn)
    .filter((p) => nationalAppReport(p, checkupDate, `${checkupDate}T09:00:00+09:00`).validity === 'valid')
    .slice(0, 3);
  const fiscalYear = Number(checkupDate.slice(0, 4)) - (Number(checkupDate.slice(5, 7)) < 4 ? 1 : 0);
  const coordinator = { kind: 'collective-A' as const, organisation: FEDERATION_COORDINATOR };
  const visitors = chosen.map((person, i) => {
    const q = person.qualification;
    const voucher: PresentedVoucher = {
      insurerNumber: q.insurerNumber,
      voucherNumber: `${pad(fiscalYear % 100, 2)}9${pad(input.seed % 100, 2)}${pad(900_000 + i, 6)}`,
      voucherKind: 'checkup',
      validUntil: `${fiscalYear + 1}-03-31`,
      copayments: { basic: i === 1 ? { kind: 'rate', percent: 10 } : { kind: 'fixed', amount: 1_000 }, detailed: { kind: 'none' } },
      coordinator,
    };
    return { person, reported: nationalAppReport(person, checkupDate, `${checkupDate}T09:00:00+09:00`), voucher };
  });
  const records: VoucherRecord[] = visitors.map(({ person, voucher }) => ({
    voucherNumber: voucher.voucherNumber,
    voucherKind: voucher.voucherKind,
    insurerNumber: voucher.insurerNumber,
    copayments: voucher.copayments,
    coordinator,
    symbol: person.qualification.symbol,
    number: person.qualification.number,
    branch: person.qualification.branch,
    name: person.qualification.name,
    birthDate: person.qualification.birthDate,
    sex: person.qualification.sex,
    validFrom: `${fiscalYear}-04-01`,
    validUntil: voucher.validUntil,
    fiscalYear,
  }));
  if (records.length) {
    await client.importVouchers({ vouchers: records });
    await client.putContract('reception-demo', {
      kind: 'collective-A',
      name: 'Reception demo (collective contract A)',
      coordinator: FEDERATION_COORDINATOR,
      unitPrices: FEDERATION_UNIT_PRICES,
      insurerNumbers: [...new Set(records.map((r) => r.insurerNumber))],
      institutionNumbers: [site.institutionNumber],
      purposes: ['specific-checkup'],
      validFrom: `${fiscalYear}-04-01`,
      validUntil: `${fiscalYear + 1}-03-31`,
    });
  }
  return { url: `${urls.cardSession}/reception/`, deviceId: DEMO_DEVICE, code, expiresAt, visitors };
}

/** The lines printed under the staff tokens: the URL, the code, and each demo visitor as the desk would see them. */
export function receptionDemoLines(demo: ReceptionDemo, jst: (iso: string) => string): string[] {
  const lines = [
    `Reception app (a tablet at the desk): ${demo.url}`,
    `  activation code for ${demo.deviceId}: ${demo.code} (one use, until ${jst(demo.expiresAt)})`,
    '  demo visitors (特定健診): what the national app shows, and the 受診券 as printed:',
  ];
  const sex = { male: '男', female: '女', unset: '未設定' } as const;
  for (const { reported: r, voucher } of demo.visitors) {
    const c = voucher.copayments.basic!;
    lines.push(
      `    national app: 資格有効性 1 有効, 保険者番号 ${r.insurerNumber} ${r.insurerName ?? ''}, 記号 ${r.symbol || '-'} 番号 ${r.number} 枝番 ${r.branch ?? '-'}, ` +
        `${r.name} (${r.nameKana ?? ''}), 生年月日 ${r.birthDate}, ${r.sex ? sex[r.sex] : '-'}, ${r.relationship === 'dependent' ? '家族' : '本人'}, ` +
        `資格取得年月日 ${r.acquiredOn ?? r.validFrom ?? '-'}`,
      `      受診券: 保険者番号 ${voucher.insurerNumber}, 整理番号 ${voucher.voucherNumber}, 有効期限 ${voucher.validUntil}, ` +
        `窓口負担 基本的な健診 ${c.kind === 'fixed' ? `定額 ${c.amount}円` : c.kind === 'rate' ? `定率 ${c.percent}%` : '負担なし'}, 詳細な健診 負担なし, 集合契約A`,
    );
  }
  return lines;
}
