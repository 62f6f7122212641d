import type { DataOf, EligibilityRequestedV2 } from '@hcv/contracts';
import type { OqsAnswer, OqsQualification } from '@hcv/oqs-files';
import { aPresentedVoucher, aQualification, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER, EXAMPLE_SESSION_ID } from '@hcv/testing';
import { resultOfTerminalAnswer, terminalQueryOf } from './terminal-answer.decide';

const CHECKUP = '2026-11-24';

/** The example member as the terminal answers it (aQualification() plus what the terminal adds). */
const fromTerminal = (overrides: Partial<OqsQualification> = {}): OqsQualification => ({
  ...aQualification(),
  cardClassification: '01',
  ...overrides,
});

describe('a 資格確認端末 answer (既存型) as the answer, by 資格有効性', () => {
  it('1 → eligible, without the terminal’s own fields', () => {
    expect(resultOfTerminalAnswer({ status: 'eligible', qualifications: [fromTerminal()] }, CHECKUP)).toEqual({
      status: 'eligible',
      qualification: aQualification(),
    });
  });

  it('2 → lost on 資格喪失日, or by the checkup date when the terminal gave none', () => {
    expect(resultOfTerminalAnswer({ status: 'lost', qualifications: [fromTerminal({ lostOn: '2026-09-30' })] }, CHECKUP)).toEqual({
      status: 'lost',
      qualification: aQualification({ lostOn: '2026-09-30' }),
      lostOn: '2026-09-30',
    });
    expect(resultOfTerminalAnswer({ status: 'lost', qualifications: [fromTerminal()] }, CHECKUP)).toMatchObject({ lostOn: CHECKUP });
  });

  it('3 → changed-insurer', () => {
    expect(
      resultOfTerminalAnswer({ status: 'changed-insurer', qualifications: [fromTerminal({ lostOn: '2026-09-30' })] }, CHECKUP),
    ).toEqual({
      status: 'changed-insurer',
      qualification: aQualification({ lostOn: '2026-09-30' }),
      lostOn: '2026-09-30',
    });
  });

  it('4 → not-found; 5 → multiple (as many as listed, at least 2)', () => {
    expect(resultOfTerminalAnswer({ status: 'not-found', qualifications: [] }, CHECKUP)).toEqual({ status: 'not-found' });
    expect(resultOfTerminalAnswer({ status: 'multiple', qualifications: [] }, CHECKUP)).toEqual({ status: 'multiple', candidates: 2 });
    const three = [fromTerminal(), fromTerminal({ branch: '01' }), fromTerminal({ branch: '02' })];
    expect(resultOfTerminalAnswer({ status: 'multiple', qualifications: three }, CHECKUP)).toEqual({ status: 'multiple', candidates: 3 });
  });

  it('failed → unavailable with the bridge’s reason, the terminal’s code and message', () => {
    const answer: OqsAnswer = { status: 'failed', reason: 'terminal-error', code: 'E1001', message: '照会番号が不正です' };
    expect(resultOfTerminalAnswer(answer, CHECKUP)).toEqual({
      status: 'unavailable',
      reason: '資格確認端末: terminal-error (E1001): 照会番号が不正です',
    });
    expect(
      resultOfTerminalAnswer(
        { status: 'failed', reason: 'terminal-timeout', message: 'The terminal did not answer within 30 s.' },
        CHECKUP,
      ),
    ).toEqual({ status: 'unavailable', reason: '資格確認端末: terminal-timeout: The terminal did not answer within 30 s.' });
  });

  it('an answer lacking a field the qualification needs → unavailable naming it (never filled in)', () => {
    const { nameKana: _kana, ...withoutKana } = fromTerminal();
    expect(resultOfTerminalAnswer({ status: 'eligible', qualifications: [withoutKana] }, CHECKUP)).toEqual({
      status: 'unavailable',
      reason: '資格確認端末: the answer lacks フリガナ (nameKana)',
    });
  });

  it('a lost answer listing no qualification → unavailable', () => {
    expect(resultOfTerminalAnswer({ status: 'lost', qualifications: [] }, CHECKUP)).toEqual({
      status: 'unavailable',
      reason: '資格確認端末: the lost answer lists no qualification',
    });
  });
});

describe('the question for the terminal', () => {
  const request = (overrides: Partial<DataOf<typeof EligibilityRequestedV2>> = {}): DataOf<typeof EligibilityRequestedV2> => ({
    sessionId: EXAMPLE_SESSION_ID,
    deviceId: 'dev-1',
    institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
    siteId: 'site-1',
    purpose: 'specific-checkup',
    checkupDate: CHECKUP,
    cardReference: 'card-000001-0a1b2c3d',
    voucher: aPresentedVoucher(),
    ...overrides,
  });

  it('takes 記号・番号 and the insurer from the voucher, the birth date and 枝番 from the query, the checkup date as 資格確認日', () => {
    expect(terminalQueryOf(request({ terminalQuery: { birthDate: '1970-05-01', branch: '00' } }))).toEqual({
      query: {
        insurerNumber: EXAMPLE_INSURER_NUMBER,
        symbol: '1234',
        number: '0012345',
        branch: '00',
        birthDate: '1970-05-01',
        onDate: CHECKUP,
      },
    });
  });

  it('prefers what the desk typed from the card over the voucher', () => {
    const made = terminalQueryOf(
      request({ terminalQuery: { symbol: '５６７８', number: '99', birthDate: '1970-05-01', insurerNumber: '01130012' } }),
    );
    expect(made).toEqual({
      query: { insurerNumber: '01130012', symbol: '５６７８', number: '99', birthDate: '1970-05-01', onDate: CHECKUP },
    });
  });

  it('is refused without a query (no birth date), saying what is missing', () => {
    expect(terminalQueryOf(request())).toEqual({ problem: expect.stringMatching(/no terminalQuery \(birth date, 記号・番号\)/) });
  });

  it('is refused when neither the query nor the voucher gives 番号, naming the field and no value', () => {
    const made = terminalQueryOf(
      request({ voucher: aPresentedVoucher({ symbol: undefined, number: undefined }), terminalQuery: { birthDate: '1970-05-01' } }),
    );
    expect(made).toEqual({ problem: 'the query for the 資格確認端末 is incomplete or invalid: number' });
  });
});
