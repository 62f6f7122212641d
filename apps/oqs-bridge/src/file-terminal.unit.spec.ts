import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@hcv/observability';
import { aTerminalResult, responseXml, startFakeTerminal, type FakeTerminal, type SeenRequest } from '@hcv/oqs-files-testing';
import { temporaryFolder, waitFor } from '@hcv/testing';
import { FileTerminal, type FileTerminalOptions } from './file-terminal';

const query = { insurerNumber: '01130012', symbol: '１２３４', number: '567', branch: '01', birthDate: '1970-04-01', onDate: '2024-05-01' };

describe('FileTerminal (the bridge side of the file exchange) against a fake terminal', () => {
  let reqDir: string;
  let resDir: string;
  let logLines: string[];
  let fake: FakeTerminal | undefined;
  let terminal: FileTerminal | undefined;

  beforeEach(() => {
    const root = temporaryFolder('oqs');
    reqDir = join(root, 'Req');
    resDir = join(root, 'Res');
    mkdirSync(reqDir);
    mkdirSync(resDir);
    logLines = [];
    fake = undefined;
    terminal = undefined;
  });

  afterEach(async () => {
    await terminal?.stop();
    await fake?.stop();
  });

  async function bridge(overrides: Partial<FileTerminalOptions> = {}): Promise<FileTerminal> {
    terminal = new FileTerminal({
      reqDir,
      resDir,
      institutionNumber: '3410712362',
      timeoutMillis: 1_000,
      pollMillis: 20,
      encoding: 'shift_jis',
      insurerPadding: 'space',
      log: createLogger({ service: 'oqs-bridge', sink: (line) => logLines.push(line) }),
      ...overrides,
    });
    await terminal.start();
    return terminal;
  }

  const answering =
    (encoding: 'utf-8' | 'shift_jis', extra: { delayMillis?: number; inTwoParts?: boolean } = {}) =>
    (request: SeenRequest) => ({ bytes: responseXml({ encoding, validity: '1', fileId: request.fileId }), ...extra });

  it.each(['utf-8', 'shift_jis'] as const)('writes the request, reads a %s answer, and removes the response file', async (encoding) => {
    fake = startFakeTerminal({ reqDir, resDir, respond: answering(encoding) });
    const answer = await (await bridge()).query(query);
    expect(answer).toMatchObject({
      status: 'eligible',
      qualifications: [{ insurerNumber: '01130012', name: '健診　太郎', birthDate: '1970-04-01' }],
    });
    expect(fake.seen).toHaveLength(1);
    expect(fake.seen[0].fields.encoding).toBe('shift_jis');
    expect(fake.seen[0].fields.search).toMatchObject({ InsurerNumber: '01130012', Birthdate: '19700401' });
    expect(fake.seen[0].fields.header.ArbitraryFileIdentifier).toBe(fake.seen[0].fileId);
    await waitFor(() => readdirSync(resDir).length === 0, 1_000, 'the response file to be removed');
    expect(readdirSync(reqDir)).toEqual([]);
  });

  it('moves answered responses into the archive folder when one is configured', async () => {
    const archiveDir = join(reqDir, '..', 'Archive');
    fake = startFakeTerminal({ reqDir, resDir, respond: answering('utf-8') });
    await (await bridge({ archiveDir })).query(query);
    await waitFor(() => readdirSync(archiveDir).length === 1, 1_000, 'the response to be archived');
    expect(readdirSync(archiveDir)[0]).toMatch(/^OQSsiquc01res_[A-Za-z0-9]+\.xml$/);
    expect(readdirSync(resDir)).toEqual([]);
  });

  it('only ever shows the terminal complete requests (written under a temporary name, then renamed) and leaves no temporary file', async () => {
    fake = startFakeTerminal({ reqDir, resDir, pollMillis: 1, respond: answering('shift_jis') });
    const t = await bridge();
    for (let i = 0; i < 10; i++) expect((await t.query(query)).status).toBe('eligible');
    // The fake terminal parses every file it takes: a half-written one would be listed as unreadable.
    expect(fake.unreadable).toEqual([]);
    expect(fake.seen.map((r) => r.fields.search.LimitApplicationCertificateRelatedConsFlg)).toEqual(Array(10).fill('0'));
    expect(readdirSync(reqDir)).toEqual([]);
  });

  it('waits for a response that is still being written instead of reading half of it', async () => {
    fake = startFakeTerminal({ reqDir, resDir, respond: answering('shift_jis', { inTwoParts: true }) });
    expect((await (await bridge()).query(query)).status).toBe('eligible');
  });

  it('keeps concurrent questions apart, each answered from its own file', async () => {
    fake = startFakeTerminal({
      reqDir,
      resDir,
      respond: (request) => ({
        bytes: responseXml({
          validity: request.fields.search.InsuredIdentificationNumber === '567' ? '1' : '4',
          fileId: request.fileId,
        }),
        delayMillis: request.fields.search.InsuredIdentificationNumber === '567' ? 150 : 0,
      }),
    });
    const t = await bridge();
    const [first, second] = await Promise.all([t.query(query), t.query({ ...query, number: '999' })]);
    expect([first.status, second.status]).toEqual(['eligible', 'not-found']);
  });

  it('reports a slow terminal as "did not answer" and removes its late response unread', async () => {
    fake = startFakeTerminal({ reqDir, resDir, respond: answering('utf-8', { delayMillis: 400 }) });
    const started = Date.now();
    const answer = await (await bridge({ timeoutMillis: 200 })).query(query);
    expect(answer).toEqual({ status: 'failed', reason: 'terminal-timeout', message: 'The terminal did not answer within 0.2 s.' });
    expect(Date.now() - started).toBeLessThan(400);
    await waitFor(() => fake!.written.length === 1, 2_000, 'the late response to be written');
    await waitFor(() => readdirSync(resDir).length === 0, 2_000, 'the late response to be removed');
    expect(logLines.some((l) => l.includes('late response removed unread'))).toBe(true);
  });

  it('reports a silent terminal as "did not answer" and withdraws the request it never took', async () => {
    fake = startFakeTerminal({ reqDir, resDir, silent: true });
    const answer = await (await bridge({ timeoutMillis: 150 })).query(query);
    expect(answer).toMatchObject({ status: 'failed', reason: 'terminal-timeout' });
    expect(readdirSync(reqDir)).toEqual([]);
  });

  it("passes the terminal's own error (SegmentOfResult 9) on as a failure", async () => {
    fake = startFakeTerminal({
      reqDir,
      resDir,
      respond: (r) => ({
        bytes: responseXml({ segmentOfResult: '9', errorCode: 'EQ0001', errorMessage: '照会条件に誤りがあります。', fileId: r.fileId }),
      }),
    });
    expect(await (await bridge()).query(query)).toEqual({
      status: 'failed',
      reason: 'terminal-error',
      code: 'EQ0001',
      message: '照会条件に誤りがあります。',
    });
  });

  it('refuses a response whose ArbitraryFileIdentifier names another request', async () => {
    fake = startFakeTerminal({ reqDir, resDir, respond: () => ({ bytes: responseXml({ validity: '1', fileId: 'someoneElse1' }) }) });
    expect(await (await bridge()).query(query)).toMatchObject({ status: 'failed', reason: 'unreadable-response' });
  });

  it("never touches other programs' files in the shared folders", async () => {
    const others = ['OQSsiquc01res_face_20240501101530.xml', 'OQSsiquc01res_RC0001.xml', 'OQSmuquc01res_RC0002.xml'];
    for (const name of others) writeFileSync(join(resDir, name), responseXml({ validity: '1' }));
    fake = startFakeTerminal({ reqDir, resDir, respond: answering('utf-8') });
    expect((await (await bridge()).query(query)).status).toBe('eligible');
    await waitFor(() => readdirSync(resDir).length === others.length, 1_000, 'only our response to be removed');
    expect(readdirSync(resDir).sort()).toEqual([...others].sort());
  });

  it('answers a question the format refuses as invalid-query without writing a file, naming the field only', async () => {
    fake = startFakeTerminal({ reqDir, resDir, respond: answering('utf-8') });
    const answer = await (await bridge()).query({ ...query, insurerNumber: '1130012' });
    expect(answer).toMatchObject({ status: 'failed', reason: 'invalid-query', message: expect.stringContaining('insurerNumber') });
    expect(JSON.stringify(answer)).not.toContain('1130012');
    expect(fake.seen).toEqual([]);
  });

  it('reports an unreachable req folder as terminal-unreachable, and refuses to start without its folders', async () => {
    const t = await bridge();
    rmSync(reqDir, { recursive: true });
    expect(await t.query(query)).toMatchObject({
      status: 'failed',
      reason: 'terminal-unreachable',
      message: expect.stringContaining('ENOENT'),
    });
    await expect(
      new FileTerminal({
        reqDir,
        resDir,
        institutionNumber: '3410712362',
        timeoutMillis: 100,
        pollMillis: 20,
        encoding: 'utf-8',
        insurerPadding: 'space',
        log: createLogger({ service: 'oqs-bridge', sink: () => undefined }),
      }).start(),
    ).rejects.toThrow(/OQS_REQ_DIR .* is not a folder the bridge can read and write: ENOENT/);
  });

  it('answers a question still waiting when the bridge stops, and logs no personal data', async () => {
    fake = startFakeTerminal({ reqDir, resDir, silent: true });
    const t = await bridge({ timeoutMillis: 5_000 });
    const pending = t.query(query);
    await waitFor(() => existsSync(reqDir) && readdirSync(reqDir).length === 1, 1_000, 'the request to be written');
    await t.stop();
    expect(await pending).toMatchObject({ status: 'failed', reason: 'terminal-unreachable' });
    const log = logLines.join('\n');
    for (const personal of ['１２３４', '567', '1970', '健診']) expect(log).not.toContain(personal);
  });

  it('maps every answer through the same parser (a 6-digit 国保 number space-padded in the request)', async () => {
    fake = startFakeTerminal({
      reqDir,
      resDir,
      respond: (r) => ({
        bytes: responseXml({ validity: '1', fileId: r.fileId, results: [aTerminalResult({ InsurerNumber: '00131011' })] }),
      }),
    });
    const answer = await (await bridge()).query({ ...query, insurerNumber: '131011' });
    expect(fake.seen[0].fields.search.InsurerNumber).toBe('  131011');
    expect(answer.status === 'eligible' && answer.qualifications[0].insurerNumber).toBe('131011');
  });
});
