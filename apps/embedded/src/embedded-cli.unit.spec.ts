import { deskCollectionLine, jst, parseEmbeddedArgs, UsageError } from './embedded-cli';

describe('the embedded command line', () => {
  it('defaults to a stream of 12 verifications, 4 at a time', () => {
    expect(parseEmbeddedArgs([])).toEqual({ mode: 'stream', verifications: 12, concurrency: 4, seed: 20240131, keepRunning: false });
  });

  it('reads the stream options', () => {
    expect(parseEmbeddedArgs(['--verifications', '30', '--concurrency=8', '--seed', '7', '--base-port', '4100', '--keep-running'])).toEqual(
      {
        mode: 'stream',
        verifications: 30,
        concurrency: 8,
        seed: 7,
        basePort: 4100,
        keepRunning: true,
      },
    );
  });

  it('switches to load mode with --rate', () => {
    expect(
      parseEmbeddedArgs(['--rate', '3000', '--duration', '15', '--max-in-flight', '1000', '--direct', '--cpu-prof', '/x/load.cpuprofile']),
    ).toEqual({
      mode: 'load',
      seed: 20240131,
      rate: 3000,
      durationSeconds: 15,
      maxInFlight: 1000,
      direct: true,
      cpuProfileFile: '/x/load.cpuprofile',
    });
    expect(parseEmbeddedArgs(['--rate', '100', '--heap-prof', '/x/load.heapprofile'])).toMatchObject({
      mode: 'load',
      heapProfileFile: '/x/load.heapprofile',
    });
  });

  it.each([['--help'], ['-h'], ['--verifications', 'abc', '--help']])('answers %s with the usage', (...argv) => {
    expect(parseEmbeddedArgs(argv)).toEqual({ mode: 'help' });
  });

  it.each([
    [['--verifications', 'abc'], "--verifications must be a whole number at least 1, not 'abc'"],
    [['--verifications', '0'], "--verifications must be a whole number at least 1, not '0'"],
    [['--verifications', '2.5'], "--verifications must be a whole number at least 1, not '2.5'"],
    [['--concurrency', '0'], "--concurrency must be a whole number at least 1, not '0'"],
    [['--concurrency=-3'], "--concurrency must be a whole number at least 1, not '-3'"],
    [['--seed', 'x'], "--seed must be a whole number at least 0, not 'x'"],
    [['--base-port', '70000'], "--base-port must be a whole number 1–65535, not '70000'"],
    [['--rate', '0'], "--rate must be a number above 0, not '0'"],
    [['--rate', '10', '--duration', 'soon'], "--duration must be a number above 0, not 'soon'"],
    [['--rate', '10', '--max-in-flight', '0'], "--max-in-flight must be a whole number at least 1, not '0'"],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--verifications'], "Option '--verifications <value>' argument missing"],
  ])('refuses %j on one line', (argv, message) => {
    let error: unknown;
    try {
      parseEmbeddedArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a stray argument', () => {
    expect(() => parseEmbeddedArgs(['12'])).toThrow(UsageError);
  });
});

describe('jst', () => {
  it('prints a UTC instant as the Japan time of day, whatever the process time zone', () => {
    expect(jst('2026-12-06T02:42:03.512Z')).toBe('2026-12-06 11:42:03 JST');
    expect(jst(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01 00:00:00 JST');
  });
});

describe('the 窓口負担 line of a matched visit', () => {
  it('says what the desk collects part by part, and the total when every part is known', () => {
    expect(
      deskCollectionLine({
        lines: [
          { part: 'basic', copayment: { kind: 'rate', percent: 10 }, unitPrice: 8000, yen: 800 },
          { part: 'detailed', copayment: { kind: 'none' }, yen: 0 },
        ],
        totalYen: 800,
      }),
    ).toBe('窓口負担: 基本的な健診 800円 (定率 10% of 8,000円), 詳細な健診 0円 (負担なし) — 合計 800円');
    expect(
      deskCollectionLine({
        lines: [{ part: 'comprehensive', copayment: { kind: 'upper-limit' } }],
        insurerUpperLimit: 20000,
      }),
    ).toBe('窓口負担: 人間ドック (金額は単価次第) (保険者負担上限額 20,000円) — 合計は未確定 (単価不明の部分あり)');
  });
});
