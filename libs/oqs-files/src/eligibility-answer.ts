import { z } from 'zod';
import { InsurerNumber, IsoDate, Relationship, Sex } from '@hcv/contracts';

/**
 * One qualification as the terminal answered it, with the field names of the platform's
 * `Qualification` (libs/contracts common.ts) plus what the terminal adds. Differences: the
 * terminal may leave out 保険者名, カナ氏名 and 資格取得日, so they are optional here.
 * 記号・番号・枝番, names and birth date are personal data: never logged.
 */
export const OqsQualification = z.object({
  /** 被保険者証区分: 01 一般, 02 退職, 03/04 短期, 05 資格証明書, 06 特例退職, 07 自衛官 (as sent). */
  cardClassification: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  /** Normalised: padding trimmed, "00"+6 folded to the 6-digit 国保 number, never padded. */
  insurerNumber: InsurerNumber,
  insurerName: z.string().min(1).max(100).optional(),
  symbol: z.string().max(38),
  number: z.string().min(1).max(19),
  branch: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  relationship: Relationship,
  name: z.string().min(1).max(100),
  /** Half-width kana as the terminal writes it. */
  nameKana: z.string().min(1).max(100).optional(),
  /** 被保険者氏名: for a family member, the insured person's name. */
  insuredName: z.string().min(1).max(100).optional(),
  birthDate: IsoDate,
  sex: Sex,
  acquiredOn: IsoDate.optional(),
  lostOn: IsoDate.optional(),
  /** 喪失事由: 01 死亡, 02 生活保護, 03 other insurance acquired, 99 other. */
  lossReason: z.enum(['death', 'public-assistance', 'other-insurance', 'other']).optional(),
});
export type OqsQualification = z.infer<typeof OqsQualification>;

/** ProcessingResultCode + ProcessingResultMessage on a normal answer (e.g. the card expires soon): shown as is. */
export const OqsNotice = z.object({ code: z.string().max(20).optional(), message: z.string().max(500) });

const answered = <K extends string>(status: K) =>
  z.object({
    status: z.literal(status),
    qualifications: z.array(OqsQualification).max(50),
    notice: OqsNotice.optional(),
    /** ProcessExecutionTime, the terminal's local time (JST), as `YYYY-MM-DDTHH:mm:ss` without an offset. */
    processedAt: z.iso.datetime({ local: true }).optional(),
  });

/**
 * Why no qualification could be answered:
 * - `terminal-error`: the response's SegmentOfResult is not 1 (ErrorCode/ErrorMessage passed on);
 * - `processing-error`: ProcessingResultStatus is not 1 (ProcessingResultCode/Message passed on);
 * - `terminal-timeout`: no response file within the bridge's timeout ("the terminal did not answer");
 * - `terminal-unreachable`: the request could not be written (the shared folder is gone);
 * - `unreadable-response`: a response that is not the expected XML, or that names another request;
 * - `invalid-query`: the platform's question cannot be written as a request (a field the format refuses).
 */
export const OqsFailureReason = z.enum([
  'terminal-error',
  'processing-error',
  'terminal-timeout',
  'terminal-unreachable',
  'unreadable-response',
  'invalid-query',
]);
export type OqsFailureReason = z.infer<typeof OqsFailureReason>;

/**
 * The terminal's answer to one query, by 資格有効性 (QualificationValidity): 1 `eligible`, 2 `lost`,
 * 3 `changed-insurer` (invalid, a newer qualification exists: the visitor changed insurer),
 * 4 `not-found` (該当資格なし), 5 `multiple` (複数該当); or `failed`. Health-data consent flags of the
 * response are never part of it.
 */
export const OqsAnswer = z.discriminatedUnion('status', [
  answered('eligible').extend({ qualifications: z.array(OqsQualification).min(1).max(50) }),
  answered('lost'),
  answered('changed-insurer'),
  answered('not-found'),
  answered('multiple'),
  z.object({
    status: z.literal('failed'),
    reason: OqsFailureReason,
    /** ErrorCode or ProcessingResultCode as sent. */
    code: z.string().max(20).optional(),
    /** ErrorMessage or ProcessingResultMessage as sent, or the bridge's own sentence. */
    message: z.string().min(1).max(500),
  }),
]);
export type OqsAnswer = z.infer<typeof OqsAnswer>;
export type OqsAnswerStatus = OqsAnswer['status'];
