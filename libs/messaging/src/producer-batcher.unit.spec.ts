import type { RawMessage } from './message-bus';
import { ProducerBatcher, type TopicMessages } from './producer-batcher';

const message = (value: string): RawMessage => ({ key: value, value, headers: {} });

describe('ProducerBatcher', () => {
  it('sends a lone message at once and gathers those published while a request is in flight', async () => {
    const requests: TopicMessages[] = [];
    let release!: () => void;
    const batcher = new ProducerBatcher(async (batch) => {
      requests.push(batch);
      if (requests.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = batcher.send('a.v1', message('1'));
    expect(requests).toHaveLength(1);
    const rest = [batcher.send('a.v1', message('2')), batcher.send('b.v1', message('3')), batcher.send('a.v1', message('4'))];
    expect(requests).toHaveLength(1); // waiting for the request in flight
    release();
    await Promise.all([first, ...rest]);
    expect(requests).toHaveLength(2);
    expect(requests[1]).toEqual([
      { topic: 'a.v1', messages: [message('2'), message('4')] },
      { topic: 'b.v1', messages: [message('3')] },
    ]);
  });

  it('rejects every publish of a failed request and keeps sending later ones', async () => {
    let calls = 0;
    const batcher = new ProducerBatcher(async () => {
      if (++calls === 1) throw new Error('broker away');
    });
    await expect(batcher.send('a.v1', message('1'))).rejects.toThrow('broker away');
    await expect(batcher.send('a.v1', message('2'))).resolves.toBeUndefined();
  });

  it('splits at maxBatch and keeps publish order across requests', async () => {
    const sent: string[][] = [];
    let release!: () => void;
    const batcher = new ProducerBatcher(
      async (batch) => {
        sent.push(batch.flatMap((t) => t.messages.map((m) => m.value)));
        if (sent.length === 1) await new Promise<void>((r) => (release = r));
      },
      { maxBatch: 2, lingerMillis: 0 },
    );
    const all = ['1', '2', '3', '4', '5', '6'].map((v) => batcher.send('a.v1', message(v)));
    release();
    await Promise.all(all);
    expect(sent).toEqual([['1'], ['2', '3'], ['4', '5'], ['6']]);
  });

  it("sendAll: one outbox document's messages leave together in one request, behind what was queued, not cut where they fit alone", async () => {
    const sent: string[][] = [];
    let release!: () => void;
    const batcher = new ProducerBatcher(
      async (batch) => {
        sent.push(batch.flatMap((t) => t.messages.map((m) => m.value)));
        if (sent.length === 1) await new Promise<void>((r) => (release = r));
      },
      { maxBatch: 3, lingerMillis: 0 },
    );
    const first = batcher.send('a.v1', message('0'));
    const before = batcher.send('a.v1', message('1'));
    const group = batcher.sendAll(['2', '3', '4'].map((v) => ({ topic: 'a.v1', message: message(v) })));
    release();
    await Promise.all([first, before, group]);
    // '1' and the group together would be 4 > maxBatch: the group goes whole in the next request.
    expect(sent).toEqual([['0'], ['1'], ['2', '3', '4']]);
  });

  it('sendAll: when a group split over requests fails in one, its later messages are not sent', async () => {
    const sent: string[][] = [];
    let release!: () => void;
    let calls = 0;
    const batcher = new ProducerBatcher(
      async (batch) => {
        calls++;
        if (calls === 1) await new Promise<void>((r) => (release = r));
        if (calls === 2) throw new Error('broker away');
        sent.push(batch.flatMap((t) => t.messages.map((m) => m.value)));
      },
      { maxBatch: 2, lingerMillis: 0 },
    );
    const first = batcher.send('a.v1', message('0'));
    const group = batcher.sendAll(['1', '2', '3'].map((v) => ({ topic: 'a.v1', message: message(v) })));
    const after = batcher.send('b.v1', message('4'));
    release();
    await first;
    await expect(group).rejects.toThrow('broker away');
    await after;
    expect(sent).toEqual([['0'], ['4']]);
  });
});
