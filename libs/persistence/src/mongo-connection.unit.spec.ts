import { commandCounting, UNCOUNTED_MONGO_COMMANDS } from './mongo-connection';

/** A stand-in for the driver's connection class: records what reached it. */
class FakeDriverConnection {
  static sent: Record<string, unknown>[] = [];
  command(_ns: unknown, command: Record<string, unknown>): Promise<unknown> {
    FakeDriverConnection.sent.push(command);
    return Promise.resolve({ ok: 1 });
  }
}

describe('commandCounting', () => {
  beforeEach(() => (FakeDriverConnection.sent = []));

  it('counts each command as the connection sends it, by name and collection, and still sends it', async () => {
    const counted: [string, string][] = [];
    const counting = commandCounting((command, collection) => counted.push([command, collection]), FakeDriverConnection);
    expect('connectionType' in counting).toBe(true);
    if (!('connectionType' in counting)) return;
    const connection = new counting.connectionType() as unknown as FakeDriverConnection;
    await expect(connection.command('db.$cmd', { insert: 'lookups', documents: [] })).resolves.toEqual({ ok: 1 });
    await connection.command('db.$cmd', { getMore: 12n, collection: 'sessions' });
    await connection.command('db.$cmd', { listCollections: 1 });
    expect(counted).toEqual([
      ['insert', 'lookups'],
      ['getMore', 'sessions'],
      ['listCollections', ''],
    ]);
    expect(FakeDriverConnection.sent.map((c) => Object.keys(c)[0])).toEqual(['insert', 'getMore', 'listCollections']);
  });

  it('leaves out the driver’s own commands', async () => {
    const counted: string[] = [];
    const counting = commandCounting((command) => counted.push(command), FakeDriverConnection);
    if (!('connectionType' in counting)) throw new Error('expected a connection class');
    const connection = new counting.connectionType() as unknown as FakeDriverConnection;
    for (const name of UNCOUNTED_MONGO_COMMANDS) await connection.command('admin.$cmd', { [name]: 1 });
    expect(counted).toEqual([]);
    expect(FakeDriverConnection.sent).toHaveLength(UNCOUNTED_MONGO_COMMANDS.size);
  });

  it('falls back to the driver’s command monitoring where it has no connection class to extend', () => {
    const counted: [string, string][] = [];
    const counting = commandCounting((command, collection) => counted.push([command, collection]), undefined);
    expect('monitorCommands' in counting && counting.monitorCommands).toBe(true);
    if (!('listen' in counting)) return;
    const listeners: ((event: { commandName: string; command: Record<string, unknown> }) => void)[] = [];
    counting.listen({ on: (_: string, listener: (typeof listeners)[number]) => listeners.push(listener) } as never);
    listeners[0]!({ commandName: 'update', command: { update: 'lookups' } });
    listeners[0]!({ commandName: 'hello', command: { hello: 1 } });
    expect(counted).toEqual([['update', 'lookups']]);
  });
});
