/**
 * CLI: after a new audit key became current (AUDIT_PII_KEYS + AUDIT_PII_KEY_CURRENT, rolled out),
 * re-encrypts the stored 記号・番号・枝番 ciphers under it, outside the hash chains; resumes after
 * its checkpoint when a run was interrupted. Then the old key may leave the ring.
 *   MONGO_URL=… [MONGO_DB=hcv_audit] AUDIT_PII_KEY=… AUDIT_PII_KEYS=… AUDIT_PII_KEY_CURRENT=… npm run audit:rekey
 * Prints the report as JSON; exits 0 when every record was examined.
 */
import { connectMongo } from '@hcv/persistence';
import { databaseName } from '@hcv/platform-runtime';
import { loadAuditConfig, rekeyInsuranceCiphers } from '@hcv/audit-service';

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write('usage: MONGO_URL=… [MONGO_DB=hcv_audit] AUDIT_PII_KEY(S)=… AUDIT_PII_KEY_CURRENT=… npm run audit:rekey\n');
    return;
  }
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('set MONGO_URL (and MONGO_DB if audit does not use hcv_audit)');
  const { piiKeys } = loadAuditConfig();
  const connection = await connectMongo({ url, dbName: process.env.MONGO_DB ?? databaseName('audit') });
  try {
    const report = await rekeyInsuranceCiphers({ connection, keys: piiKeys });
    process.stdout.write(JSON.stringify(report) + '\n');
    process.exitCode = report.complete ? 0 : 1;
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
});
