import { z } from 'zod';
import { InsurerNumber, IsoDate, Relationship, Sex } from './common';

/**
 * 資格有効性 as the national systems give it (INTERFACES.md §1 `QualificationValidity`): 1 有効,
 * 2 無効, 3 無効（新しい資格あり）, 4 該当資格なし, 5 複数該当.
 */
export const QualificationValidity = z.enum(['valid', 'invalid', 'invalid-newer-exists', 'no-match', 'multiple']);
export type QualificationValidity = z.infer<typeof QualificationValidity>;

/**
 * What the registered device's マイナ資格確認アプリ showed (資格確認限定型), as staff transcribe it or a
 * device integration reports it — the labels of the app's result screen (INTERFACES.md §2): 資格有効性,
 * 保険者番号, 保険者名, 記号・番号・枝番, 氏名・フリガナ, 生年月日, 性別, 本人・家族の別, 資格取得年月日,
 * 有効開始日・有効終了日, 確認日. Personal data: never logged; masked in APIs.
 * With validity 1–3 the qualification fields are required; 4 carries none; 5 may say how many matched.
 */
export const ReportedEligibility = z
  .strictObject({
    validity: QualificationValidity,
    insurerNumber: InsurerNumber.optional(),
    insurerName: z.string().min(1).max(100).optional(),
    symbol: z.string().max(38).optional(),
    number: z.string().min(1).max(19).optional(),
    branch: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    name: z.string().min(1).max(100).optional(),
    nameKana: z.string().min(1).max(100).optional(),
    birthDate: IsoDate.optional(),
    sex: Sex.optional(),
    relationship: Relationship.optional(),
    /** 資格取得年月日. */
    acquiredOn: IsoDate.optional(),
    /** 有効開始日 / 有効終了日 (the end is the day the qualification was lost, when it was). */
    validFrom: IsoDate.optional(),
    validUntil: IsoDate.optional(),
    /** 複数該当: how many qualifications matched, if the app said. */
    candidates: z.number().int().min(2).optional(),
    /** 確認日 (and time, when the app shows it). */
    confirmedAt: z.iso.datetime({ offset: true }),
  })
  .refine(
    (r) =>
      !['valid', 'invalid', 'invalid-newer-exists'].includes(r.validity) ||
      (r.insurerNumber !== undefined && r.number !== undefined && r.name !== undefined && r.birthDate !== undefined),
    {
      message: 'with 資格有効性 1–3 the app shows the qualification: insurerNumber, number, name and birthDate are required',
      path: ['insurerNumber'],
    },
  );
export type ReportedEligibility = z.infer<typeof ReportedEligibility>;
