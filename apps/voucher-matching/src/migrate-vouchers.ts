/**
 * CLI: migrates voucher-matching's stored vouchers of the first shape (keyed by voucher number
 * alone) to the (insurer, number) key — the same migration the service runs on start.
 *   MONGO_URL=… [MONGO_DB=hcv_voucher_matching] npm run migrate:vouchers
 * Prints the counts as JSON; exits 0, or 1 when some documents were left for an operator (conflicts).
 */
import { connectMongo } from '@hcv/persistence';
import { databaseName } from '@hcv/platform-runtime';
import { migrateVouchers } from '@hcv/voucher-matching-service';

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write('usage: MONGO_URL=… [MONGO_DB=hcv_voucher_matching] npm run migrate:vouchers\n');
    return;
  }
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('set MONGO_URL (and MONGO_DB if voucher-matching does not use hcv_voucher_matching)');
  const connection = await connectMongo({ url, dbName: process.env.MONGO_DB ?? databaseName('voucher-matching') });
  try {
    const report = await migrateVouchers(connection);
    process.stdout.write(JSON.stringify(report) + '\n');
    process.exitCode = report.conflicts ? 1 : 0;
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
});
