import { OffsetCommitter, type TopicPartitionOffset } from './offset-committer';

describe('OffsetCommitter', () => {
  it('commits the next offset of each partition that moved, only forward, and nothing when nothing moved', async () => {
    const commits: TopicPartitionOffset[][] = [];
    const committer = new OffsetCommitter(async (o) => void commits.push(o), 60_000);
    committer.handled('a.v1', 0, '5');
    committer.handled('a.v1', 0, '3'); // a redelivered older message does not move it back
    committer.handled('a.v1', 1, '9');
    await committer.flush();
    expect(commits).toEqual([
      [
        { topic: 'a.v1', partition: 0, offset: '6' },
        { topic: 'a.v1', partition: 1, offset: '10' },
      ],
    ]);
    committer.handled('a.v1', 0, '4'); // below what is committed
    await committer.flush();
    expect(commits).toHaveLength(1);
    committer.handled('a.v1', 0, '6');
    await committer.stop();
    expect(commits[1]).toEqual([{ topic: 'a.v1', partition: 0, offset: '7' }]);
  });

  it('keeps a failed commit for the next tick unless a newer position replaced it, and reports the error', async () => {
    const errors: unknown[] = [];
    const commits: TopicPartitionOffset[][] = [];
    let fail = true;
    let release!: () => void;
    const committer = new OffsetCommitter(
      async (o) => {
        if (fail) {
          await new Promise<void>((r) => (release = r));
          throw new Error('rebalance in progress');
        }
        commits.push(o);
      },
      60_000,
      (e) => errors.push(e),
    );
    committer.handled('a.v1', 0, '1');
    committer.handled('a.v1', 1, '1');
    const first = committer.flush();
    committer.handled('a.v1', 0, '2'); // handled while the failing commit is in flight
    release();
    await first;
    expect(errors).toHaveLength(1);
    fail = false;
    await committer.flush();
    expect(commits).toEqual([
      [
        { topic: 'a.v1', partition: 0, offset: '3' },
        { topic: 'a.v1', partition: 1, offset: '2' },
      ],
    ]);
  });

  it('forgets the positions of partitions a rebalance gave to another member', async () => {
    const commits: TopicPartitionOffset[][] = [];
    const committer = new OffsetCommitter(async (o) => void commits.push(o), 60_000);
    committer.handled('a.v1', 0, '10');
    committer.handled('a.v1', 1, '10');
    committer.handled('b.v1', 0, '10');
    committer.assigned({ 'a.v1': [1] });
    await committer.flush();
    expect(commits).toEqual([[{ topic: 'a.v1', partition: 1, offset: '11' }]]);
  });

  it('commits on its timer', async () => {
    const commits: TopicPartitionOffset[][] = [];
    jest.useFakeTimers();
    try {
      const committer = new OffsetCommitter(async (o) => void commits.push(o), 20);
      committer.start();
      committer.handled('a.v1', 0, '0');
      await jest.advanceTimersByTimeAsync(19);
      expect(commits).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(commits).toEqual([[{ topic: 'a.v1', partition: 0, offset: '1' }]]);
      await committer.stop();
    } finally {
      jest.useRealTimers();
    }
    expect(commits).toEqual([[{ topic: 'a.v1', partition: 0, offset: '1' }]]);
  });
});
