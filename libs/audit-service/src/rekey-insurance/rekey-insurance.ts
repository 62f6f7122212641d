import type { Connection } from 'mongoose';
import type { KeyRing } from '@hcv/platform-runtime';
import { cipherKeyId, decryptInsuranceFields, sealFields } from '../adapters/insurance-cipher';

export interface RekeyReport {
  /** The key every insurance cipher is now readable with. */
  toKeyId: string;
  /** Where this run started: after the checkpoint of an earlier, interrupted run, or from the start. */
  resumedAfter?: string;
  examined: number;
  rekeyed: number;
  /** True when every record was examined (false: stopped early, the checkpoint says where). */
  complete: boolean;
}

interface CheckpointDoc {
  _id: string;
  toKeyId: string;
  after: string;
  at: string;
}

interface CipherDoc {
  _id: string;
  insuranceCipher?: string;
  rekeyedInsuranceCipher?: string;
}

const CHECKPOINT_ID = 'insurance-rekey';

/**
 * After a new key became current (AUDIT_PII_KEY_CURRENT), re-encrypts every record's 記号・番号・枝番
 * cipher that is under another key, into `rekeyedInsuranceCipher` (outside the hash chain; the original
 * stays, so the chains still verify). Records are walked in id order in batches; after each batch the
 * last id is saved as a checkpoint, so a run that crashed resumes after it (a record done twice is
 * only re-encrypted again, never lost). When the run completes, the old key may leave the ring.
 */
export async function rekeyInsuranceCiphers(options: {
  connection: Connection;
  keys: KeyRing;
  batchSize?: number;
  /** Stop after this many batches (tests: a crash in the middle). */
  maxBatches?: number;
  clock?: () => Date;
}): Promise<RekeyReport> {
  const { connection, keys } = options;
  const records = connection.collection<CipherDoc>('audit_events');
  const checkpoints = connection.collection<CheckpointDoc>('audit_maintenance');
  const clock = options.clock ?? (() => new Date());
  const batchSize = options.batchSize ?? 500;
  const saved = await checkpoints.findOne({ _id: CHECKPOINT_ID });
  // A checkpoint towards another key is of an older rotation: start over.
  const resumedAfter = saved && saved.toKeyId === keys.currentId ? saved.after : undefined;
  let after = resumedAfter;
  const report: RekeyReport = {
    toKeyId: keys.currentId,
    ...(resumedAfter ? { resumedAfter } : {}),
    examined: 0,
    rekeyed: 0,
    complete: false,
  };
  for (let batch = 0; options.maxBatches === undefined || batch < options.maxBatches; batch++) {
    const page = await records
      .find(
        { insuranceCipher: { $exists: true }, ...(after ? { _id: { $gt: after } } : {}) },
        { projection: { insuranceCipher: 1, rekeyedInsuranceCipher: 1 } },
      )
      .sort({ _id: 1 })
      .limit(batchSize)
      .toArray();
    if (!page.length) {
      report.complete = true;
      await checkpoints.deleteOne({ _id: CHECKPOINT_ID });
      return report;
    }
    for (const doc of page) {
      report.examined++;
      const current = doc.rekeyedInsuranceCipher ?? doc.insuranceCipher!;
      if (cipherKeyId(current) === keys.currentId) continue;
      const rekeyed = sealFields(decryptInsuranceFields(current, keys), keys);
      await records.updateOne({ _id: doc._id }, { $set: { rekeyedInsuranceCipher: rekeyed } });
      report.rekeyed++;
    }
    after = page.at(-1)!._id;
    await checkpoints.updateOne(
      { _id: CHECKPOINT_ID },
      { $set: { toKeyId: keys.currentId, after, at: clock().toISOString() } },
      { upsert: true },
    );
  }
  return report;
}
