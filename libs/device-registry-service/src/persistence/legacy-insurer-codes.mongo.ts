import type { Connection } from 'mongoose';

interface LegacyInsurerRow {
  _id: string;
  kind: 'insurer';
  name: string;
  insurerNumber?: string;
  status: 'active' | 'withdrawn';
  registeredAt?: string;
  withdrawnAt?: string;
  withdrawalReason?: string;
  postalCode?: string;
  address?: string;
  phone?: string;
  checkupKinds?: string[];
  outbox?: unknown[];
}

/** The Japan-time date of an instant (UTC+9, no daylight saving). */
const japanDate = (instant: string) => new Date(new Date(instant).getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * Registry data written before insurers were kept apart held an insurer's オンライン資格確認用コード as an
 * institution (`institutions`, kind `insurer`, the code as `_id`) and its sites and devices under
 * `institutionNumber`. This moves each such row to `insurer_enrolments` (the code kept as recorded,
 * pending outbox entries with it), and renames the field on its sites and devices to
 * `onlineEligibilityCode`. Idempotent: run on every start; a no-op once nothing is left to move.
 * Returns the codes it moved.
 */
export async function migrateLegacyInsurerCodes(connection: Connection): Promise<string[]> {
  const institutions = connection.collection<LegacyInsurerRow>('institutions');
  const insurers = connection.collection<Record<string, unknown> & { _id: string }>('insurer_enrolments');
  const moved: string[] = [];
  for (const row of await institutions.find({ kind: 'insurer' }).toArray()) {
    const code = row._id;
    const withdrawal =
      row.status === 'withdrawn' && row.withdrawnAt
        ? {
            effectiveDate: japanDate(row.withdrawnAt),
            effectiveFrom: row.withdrawnAt,
            filedAt: row.withdrawnAt,
            filedBy: 'unknown (recorded before withdrawals were dated)',
            reason: row.withdrawalReason ?? 'not recorded',
          }
        : undefined;
    const enrolment = {
      insurerNumber: row.insurerNumber ?? '',
      name: row.name,
      facilities: [],
      status: row.status,
      registeredAt: row.registeredAt,
      ...(withdrawal ? { withdrawal } : {}),
      ...(row.postalCode ? { postalCode: row.postalCode } : {}),
      ...(row.address ? { address: row.address } : {}),
      ...(row.phone ? { phone: row.phone } : {}),
      ...(row.checkupKinds ? { checkupKinds: row.checkupKinds } : {}),
      ...(row.outbox?.length ? { outbox: row.outbox } : {}),
    };
    await insurers.updateOne({ _id: code }, { $setOnInsert: enrolment }, { upsert: true });
    for (const name of ['sites', 'devices'])
      await connection
        .collection(name)
        .updateMany({ institutionNumber: code }, { $set: { onlineEligibilityCode: code }, $unset: { institutionNumber: '' } });
    await institutions.deleteOne({ _id: code, kind: 'insurer' });
    moved.push(code);
  }
  return moved;
}
