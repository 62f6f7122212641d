import type { Qualification } from '@hcv/contracts';
import { withInsurerCheckDigit } from '@hcv/domain';
import { seededRandom } from './seeded-random';

/** One synthetic insured person as the national system knows them, reachable by their card. */
export interface InsuredPerson {
  /** What the card reader hands over after reading the card's certificate. */
  cardReference: string;
  qualification: Qualification;
  /** A second, identical-looking record exists (複数該当). */
  duplicated: boolean;
}

export interface SyntheticInsurer {
  insurerNumber: string;
  insurerName: string;
}

const FAMILY = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
] as const;
const GIVEN = [
  ['太郎', 'タロウ'],
  ['花子', 'ハナコ'],
  ['健一', 'ケンイチ'],
  ['美咲', 'ミサキ'],
  ['大輔', 'ダイスケ'],
  ['陽子', 'ヨウコ'],
  ['翔太', 'ショウタ'],
  ['恵子', 'ケイコ'],
  ['誠', 'マコト'],
  ['由美', 'ユミ'],
] as const;

/** Insurers with valid check digits: health insurance societies (06), 協会けんぽ (01), 国保 (6 digits). */
export function syntheticInsurers(seed: number, count = 6): SyntheticInsurer[] {
  const rnd = seededRandom(seed ^ 0x1f2e3d);
  const out: SyntheticInsurer[] = [];
  for (let i = 0; i < count; i++) {
    const prefecture = String(1 + Math.floor(rnd() * 47)).padStart(2, '0');
    const serial = String(100 + Math.floor(rnd() * 900));
    if (i % 3 === 2) {
      out.push({ insurerNumber: withInsurerCheckDigit(prefecture + serial), insurerName: `第${i + 1}市国民健康保険` });
    } else {
      const law = i % 3 === 0 ? '06' : '01';
      out.push({
        insurerNumber: withInsurerCheckDigit(law + prefecture + serial),
        insurerName: law === '06' ? `第${i + 1}健康保険組合` : `全国健康保険協会 第${i + 1}支部`,
      });
    }
  }
  return out;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * A deterministic insured population: same seed, same people. About 4 % have lost their
 * qualification (with a loss date), about 2 % exist twice (several matches).
 */
export function generatePopulation(options: { seed: number; size: number }): InsuredPerson[] {
  const rnd = seededRandom(options.seed);
  const insurers = syntheticInsurers(options.seed);
  const people: InsuredPerson[] = [];
  for (let i = 0; i < options.size; i++) {
    const insurer = insurers[Math.floor(rnd() * insurers.length)]!;
    const [family, familyKana] = FAMILY[Math.floor(rnd() * FAMILY.length)]!;
    const givenIndex = Math.floor(rnd() * GIVEN.length);
    const [given, givenKana] = GIVEN[givenIndex]!;
    const birthYear = 1950 + Math.floor(rnd() * 36); // 40–74: the specific-checkup population
    const birthDate = `${birthYear}-${pad(1 + Math.floor(rnd() * 12), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
    const dependent = rnd() < 0.3;
    const acquiredOn = `${2005 + Math.floor(rnd() * 18)}-04-01`;
    const lost = rnd() < 0.04;
    const qualification: Qualification = {
      insurerNumber: insurer.insurerNumber,
      insurerName: insurer.insurerName,
      symbol: insurer.insurerNumber.length === 6 ? `国${pad(1 + Math.floor(rnd() * 99), 2)}` : pad(1000 + Math.floor(rnd() * 9000), 4),
      number: pad(Math.floor(rnd() * 10_000_000), 7),
      branch: dependent ? pad(1 + Math.floor(rnd() * 3), 2) : '00',
      relationship: dependent ? 'dependent' : 'insured',
      name: `${family}　${given}`,
      nameKana: `${familyKana}　${givenKana}`,
      birthDate,
      sex: givenIndex % 2 === 0 ? 'male' : 'female',
      acquiredOn,
      ...(lost ? { lostOn: `2026-${pad(1 + Math.floor(rnd() * 9), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}` } : {}),
    };
    const ref = Math.floor(rnd() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
    people.push({ cardReference: `card-${pad(i, 6)}-${ref}`, qualification, duplicated: !lost && rnd() < 0.02 });
  }
  return people;
}
