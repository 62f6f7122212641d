import { createServer } from 'node:net';
import { freePorts } from './service-processes';

/**
 * Ports chosen for several services at once are distinct and free: each is held until all are
 * read (chosen one at a time, the kernel may hand a released port out again, and two services of
 * one platform then share it — a fault drill failed that way).
 */
describe('freePorts', () => {
  it('gives distinct ports that can be listened on once it returns', async () => {
    const ports = await freePorts(20);
    expect(ports).toHaveLength(20);
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
