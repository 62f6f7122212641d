import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortTakenError, startServiceProcess } from './service-processes';
import { temporaryFolder } from './temporary-folder';

/**
 * A service started on a port another process answers is not taken for ready: that process's
 * /health/ready is not the service's (seen as a set-up failure where every call of a test reached
 * the wrong service). /health/live names the pid that answers.
 */
describe('startServiceProcess on a port another process answers', () => {
  let foreign: Server;
  let port: number;

  beforeAll(async () => {
    foreign = createServer((req, res) => {
      const body =
        req.url === '/health/live'
          ? { status: 'ok', details: { process: { status: 'up', pid: 1 } } }
          : { status: 'ok', details: { database: { status: 'up' } } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    port = (foreign.address() as AddressInfo).port;
  });

  afterAll(async () => {
    foreign.closeAllConnections();
    await new Promise<void>((resolve) => foreign.close(() => resolve()));
  });

  it('fails with PortTakenError naming the pid that answered (its own process is stopped)', async () => {
    const started = startServiceProcess({ service: 'audit', workDir: temporaryFolder('port-taken'), databasePrefix: 'port_taken', port });
    await expect(started).rejects.toThrow(PortTakenError);
    await expect(started).rejects.toThrow(/answered by pid 1, not by audit's own process/);
  });
});
