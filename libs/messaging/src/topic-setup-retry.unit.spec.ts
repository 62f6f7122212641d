import { isRetriableKafkaError, withTopicSetupRetries } from './topic-setup-retry';

const notHosted = () =>
  Object.assign(new Error('This server does not host this topic-partition'), { name: 'KafkaJSProtocolError', retriable: true });

describe('topic set-up at start', () => {
  it('asks again while the cluster answers that a just-created topic is not hosted yet', async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await withTopicSetupRetries(
      async () => {
        calls++;
        if (calls < 3) throw notHosted();
        return 'ready';
      },
      12,
      async (ms) => void waits.push(ms),
    );
    expect(result).toBe('ready');
    expect(calls).toBe(3);
    expect(waits).toEqual([250, 500]);
  });

  it('gives up after the last attempt with the cluster’s error', async () => {
    let calls = 0;
    await expect(
      withTopicSetupRetries(
        async () => {
          calls++;
          throw notHosted();
        },
        4,
        async () => undefined,
      ),
    ).rejects.toThrow('does not host this topic-partition');
    expect(calls).toBe(4);
  });

  it('does not retry an error that will not pass by itself', async () => {
    let calls = 0;
    const refused = Object.assign(new Error('Topic authorization failed'), { name: 'KafkaJSProtocolError', retriable: false });
    await expect(
      withTopicSetupRetries(
        async () => {
          calls++;
          throw refused;
        },
        12,
        async () => undefined,
      ),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
    expect(
      isRetriableKafkaError(new Error('There is no leader for this topic-partition as we are in the middle of a leadership election')),
    ).toBe(true);
  });
});
