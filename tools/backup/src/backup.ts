/**
 * CLI: back up the five services' databases (and their consumer groups' offsets) to a folder.
 *   MONGO_URL=… [KAFKA_BROKERS=…] node dist/tools/backup/src/backup.js --out backups/2026-12-06
 * The procedure, what consistency it gives and the production path: docs/operations.md, "Backup and restore".
 */
import { parseArgs } from 'node:util';
import { BACKUP_ORDER, backup } from './archive';
import { connectKafka, connectClient, databaseFor, databaseOverrides, fail } from './cli-common';
import { readConsumerGroups } from './consumer-groups';

const USAGE = `Backs up the five services' databases to a folder: one gzip file of canonical Extended JSON per
collection, the index definitions, and (with KAFKA_BROKERS) the services' consumer groups' offsets.

usage: MONGO_URL=… [KAFKA_BROKERS=…] npm run db:backup -- --out <folder> [--prefix hcv] [--database <service>=<name>]… [--no-kafka]
  --out        the archive folder (created; must not hold an archive yet)
  --prefix     databases are <prefix>_<service> (default hcv: hcv_card_session, …)
  --database   one service's database by name, e.g. --database audit=hcv_audit_eu
  --no-kafka   do not record the consumer groups' offsets (the restore then cannot rewind them)
  --offsets-only  record the consumer groups' offsets and no database: run it just before a mongodump
               (the production path), and db:restore --rewind-consumer-groups after the mongorestore
Reads audit, voucher-matching, qualification-lookup, card-session, device-registry in that order.
Prints the manifest's figures as JSON; exits 0 when done, 2 on an error.
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      prefix: { type: 'string' },
      database: { type: 'string', multiple: true },
      'no-kafka': { type: 'boolean' },
      'offsets-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!values.out) throw new Error('--out <folder> is required (see --help)');
  const overrides = databaseOverrides(values.database ?? [], BACKUP_ORDER);
  const offsetsOnly = Boolean(values['offsets-only']);
  if (offsetsOnly && values['no-kafka']) throw new Error('--offsets-only records the consumer groups: it cannot go with --no-kafka');
  const databases = offsetsOnly
    ? []
    : BACKUP_ORDER.map((service) => ({ service, name: overrides.get(service) ?? databaseFor(service, values.prefix) }));
  const withKafka = !values['no-kafka'] && Boolean(process.env.KAFKA_BROKERS);
  if (!values['no-kafka'] && !withKafka) throw new Error('set KAFKA_BROKERS to record the consumer groups’ offsets, or pass --no-kafka');
  const client = await connectClient();
  const admin = withKafka ? (await connectKafka('hcv-backup')).admin : undefined;
  try {
    const manifest = await backup({
      client,
      databases,
      folder: values.out,
      ...(admin ? { consumerGroups: () => readConsumerGroups(admin, BACKUP_ORDER) } : {}),
      log: (line) => process.stderr.write(`db:backup ${line}\n`),
    });
    const summary = {
      folder: values.out,
      startedAt: manifest.startedAt,
      finishedAt: manifest.finishedAt,
      consumerGroups: manifest.consumerGroups?.length ?? 0,
      databases: Object.fromEntries(
        manifest.databases.map((d) => [d.name, Object.fromEntries(d.collections.map((c) => [c.name, c.documents]))]),
      ),
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  } finally {
    await admin?.disconnect();
    await client.close();
  }
}

main().catch((error: unknown) => fail('db:backup', error));
