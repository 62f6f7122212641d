import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectMongo } from '@hcv/persistence';

/** A fresh database on the test server for one spec file (emmett's habit: one server, a database per spec). */
export async function connectTestDatabase(prefix: string): Promise<{ connection: Connection; drop(): Promise<void> }> {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('MONGO_URL is not set: integration tests run under the jest global setup (npm test)');
  const connection = await connectMongo({ url, dbName: `${prefix}_${randomUUID().slice(0, 8)}` });
  return {
    connection,
    drop: async () => {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
