import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { mongo } from 'mongoose';
import { temporaryFolder } from '@hcv/testing';
import { backup, countDocuments, readManifest, restoreDatabase, TargetNotEmptyError } from './archive';

const { Binary, Decimal128, Long, ObjectId } = mongo.BSON;

describe('backup archive (MongoDB-wire server)', () => {
  let client: mongo.MongoClient;
  const source = `backup_src_${randomUUID().slice(0, 8)}`;
  const target = `backup_dst_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    client = await new mongo.MongoClient(process.env.MONGO_URL!).connect();
  });

  afterAll(async () => {
    await client.db(source).dropDatabase();
    await client.db(target).dropDatabase();
    await client.close();
  });

  it('round-trips documents with their BSON types and the index definitions, refuses a non-empty target', async () => {
    const db = client.db(source);
    const id = new ObjectId();
    const at = new Date('2026-12-06T01:02:03.456Z');
    const records = Array.from({ length: 1_203 }, (_, i) => ({
      _id: `r${String(i).padStart(5, '0')}`,
      chain: `2026-12-06|${i % 3}`,
      seq: i,
      at,
      amount: Decimal128.fromString('1234.50'),
      big: Long.fromString('9007199254740993'),
      digest: new Binary(Buffer.from([0, 1, 2, 250, 255])),
      nested: { list: [1, 2.5, 'x', null], when: at },
    }));
    await db.collection<{ _id: string }>('audit_records').insertMany(records);
    await db.collection('audit_records').createIndex({ chain: 1, seq: 1 }, { unique: true, name: 'chain_seq' });
    await db.collection('processed_events').insertOne({ _id: 'g|e1' as never, groupId: 'g', eventId: 'e1', processedAt: at, ref: id });

    const folder = temporaryFolder('backup-archive');
    const manifest = await backup({ client, databases: [{ name: source, service: 'audit' }], folder });
    expect(manifest.databases[0]!.collections.map((c) => [c.name, c.documents])).toEqual([
      ['processed_events', 1],
      ['audit_records', 1_203],
    ]);
    expect(manifest.databases[0]!.collections[1]!.indexes).toEqual([
      expect.objectContaining({ name: 'chain_seq', key: { chain: 1, seq: 1 }, unique: true }),
    ]);
    expect(readdirSync(join(folder, source)).sort()).toEqual(['audit_records.ejson.gz', 'processed_events.ejson.gz']);

    const entry = readManifest(folder).databases[0]!;
    const restored = await restoreDatabase({ client, folder, entry, target, batch: 100 });
    expect(restored.collections).toEqual({ processed_events: 1, audit_records: 1_203 });
    expect(await countDocuments(client.db(target))).toEqual(await countDocuments(db));

    const back = await client.db(target).collection('audit_records').find({}).sort({ _id: 1 }).toArray();
    expect(back).toEqual(records);
    const first = back[0]!;
    expect(first.amount).toBeInstanceOf(Decimal128);
    expect(first.big).toBeInstanceOf(Long);
    expect(first.digest).toBeInstanceOf(Binary);
    expect(first.at).toBeInstanceOf(Date);
    const event = await client.db(target).collection('processed_events').findOne({});
    expect(event!.ref).toBeInstanceOf(ObjectId);
    expect(String(event!.ref)).toBe(String(id));

    // The restored unique index holds.
    await expect(client.db(target).collection('audit_records').insertOne({ chain: '2026-12-06|0', seq: 0 })).rejects.toThrow(
      /duplicate key/i,
    );
    // A second restore into the now non-empty target is refused; with drop it replaces it.
    await expect(restoreDatabase({ client, folder, entry, target })).rejects.toThrow(TargetNotEmptyError);
    await client.db(target).collection('extra').insertOne({ x: 1 });
    await restoreDatabase({ client, folder, entry, target, drop: true });
    expect(await countDocuments(client.db(target))).toEqual({ processed_events: 1, audit_records: 1_203 });
  });
});
