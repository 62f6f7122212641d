/**
 * CLI: restore a db:backup archive into fresh databases and (optionally) rewind the services'
 * consumer groups to the offsets the archive recorded.
 *   MONGO_URL=… [KAFKA_BROKERS=…] node dist/tools/backup/src/restore.js --from backups/2026-12-06 [--rewind-consumer-groups]
 * The procedure: docs/operations.md, "Backup and restore".
 */
import { parseArgs } from 'node:util';
import { BACKUP_ORDER, readManifest, restoreDatabase, TargetNotEmptyError, type RestoredDatabase } from './archive';
import { connectKafka, connectClient, databaseFor, databaseOverrides, fail } from './cli-common';
import { expectGroupsEmpty, rewindConsumerGroups, type RewoundGroup } from './consumer-groups';

const USAGE = `Restores a db:backup archive into databases that are empty (or, with --drop, replaced).

usage: MONGO_URL=… [KAFKA_BROKERS=…] npm run db:restore -- --from <folder> [--prefix <prefix>] [--database <service>=<name>]…
                                                          [--drop] [--rewind-consumer-groups]
  --from                    the archive folder written by db:backup
  --prefix                  restore into <prefix>_<service> (default: the databases' archived names)
  --database                one service's target database by name
  --drop                    replace target databases that hold collections (default: refuse them)
  --rewind-consumer-groups  set the services' consumer groups back to the offsets recorded at the backup's
                            start (the services must be stopped), so that everything handled after it is
                            handled again on the restored data
  --group-wait-seconds      how long to wait for the groups to have no members (a killed service's stay until
                            the broker's session timeout; default 90)
Prints what was restored as JSON; exits 0 when done, 3 when a target is not empty, 2 on another error.
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      prefix: { type: 'string' },
      database: { type: 'string', multiple: true },
      drop: { type: 'boolean' },
      'rewind-consumer-groups': { type: 'boolean' },
      'group-wait-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!values.from) throw new Error('--from <folder> is required (see --help)');
  const manifest = readManifest(values.from);
  const overrides = databaseOverrides(values.database ?? [], BACKUP_ORDER);
  const targetOf = (entry: (typeof manifest.databases)[number]) =>
    (entry.service && overrides.get(entry.service)) ??
    (entry.service && values.prefix ? databaseFor(entry.service, values.prefix) : entry.name);
  const rewind = Boolean(values['rewind-consumer-groups']);
  if (rewind && !manifest.consumerGroups) throw new Error('the archive recorded no consumer groups (backed up with --no-kafka)');
  if (rewind && !process.env.KAFKA_BROKERS) throw new Error('set KAFKA_BROKERS to rewind the consumer groups');

  const client = await connectClient();
  const broker = rewind ? await connectKafka('hcv-restore') : undefined;
  const admin = broker?.admin;
  try {
    // The services must be stopped before anything is written: the rewind needs their groups empty.
    if (admin)
      await expectGroupsEmpty(
        admin,
        manifest.consumerGroups!.map((g) => g.groupId),
        Number(values['group-wait-seconds'] ?? 90) * 1000,
        (line) => process.stderr.write(`db:restore ${new Date().toISOString()} ${line}\n`),
      );
    // Every target is checked before anything is written: a refused restore leaves nothing half-restored.
    if (!values.drop) {
      for (const entry of manifest.databases) {
        const target = targetOf(entry);
        const names = (await client.db(target).listCollections({}, { nameOnly: true }).toArray()).filter(
          (c) => !c.name.startsWith('system.'),
        );
        if (names.length)
          throw new TargetNotEmptyError(
            `database ${target} is not empty (${names.length} collections): restore into a fresh database, or pass --drop to replace it`,
          );
      }
    }
    const restored: RestoredDatabase[] = [];
    for (const entry of manifest.databases) {
      restored.push(await restoreDatabase({ client, folder: values.from, entry, target: targetOf(entry), drop: values.drop ?? false }));
      process.stderr.write(`db:restore ${new Date().toISOString()} ${entry.name} → ${targetOf(entry)}\n`);
    }
    const rewound: RewoundGroup[] | undefined = broker
      ? await rewindConsumerGroups(broker.kafka, broker.admin, manifest.consumerGroups!)
      : undefined;
    process.stdout.write(
      JSON.stringify({ from: values.from, backupStartedAt: manifest.startedAt, restored, ...(rewound ? { rewound } : {}) }, null, 2) + '\n',
    );
  } finally {
    await admin?.disconnect();
    await client.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof TargetNotEmptyError) {
    process.stderr.write(`db:restore: ${error.message}\n`);
    process.exit(3);
  }
  fail('db:restore', error);
});
