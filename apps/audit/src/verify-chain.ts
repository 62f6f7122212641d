/**
 * CLI: verify the audit hash chains of a day range, straight from audit's own database.
 *   MONGO_URL=… [MONGO_DB=hcv_audit] node dist/apps/audit/src/verify-chain.js --from 2026-11-24 [--to 2026-11-24]
 * Prints the report as JSON; exits 1 and names the first broken link when the history was changed.
 */
import { parseArgs } from 'node:util';
import { AuditLedger, MongoAuditRecordRepository } from '@hcv/audit-service';
import { connectMongo } from '@hcv/persistence';
import { databaseName } from '@hcv/platform-runtime';

const USAGE = `Verifies the audit hash chains of a day range, straight from audit's own database.

usage: MONGO_URL=… [MONGO_DB=hcv_audit] npm run audit:verify -- [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  --from   first day (UTC) of the chains to verify (default: today)
  --to     last day (default: --from)
Prints the report as JSON; exits 0 when every chain verifies, 1 naming the first broken link, 2 on an error.
`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const today = new Date().toISOString().slice(0, 10);
  const from = values.from ?? today;
  const to = values.to ?? from;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) throw new Error('--from and --to are dates: YYYY-MM-DD');
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('set MONGO_URL (and MONGO_DB if audit does not use hcv_audit)');
  const connection = await connectMongo({ url, dbName: process.env.MONGO_DB ?? databaseName('audit') });
  try {
    const report = await new AuditLedger(new MongoAuditRecordRepository(connection)).verify(from, to);
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`verify-chain: ${(error as Error).message}\n`);
  process.exit(2);
});
