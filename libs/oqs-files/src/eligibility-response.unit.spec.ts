import { OqsAnswer, isCompleteXml, parseEligibilityResponse } from './index';
import { aTerminalResult, CONSENT_ELEMENTS, responseXml } from './testing';

const answerOf = (bytes: Buffer) => parseEligibilityResponse(bytes).answer;

describe('an OQSsiquc01res_ response', () => {
  it('with 資格有効性 1 is eligible, with every qualification field mapped and normalised', () => {
    const response = parseEligibilityResponse(
      responseXml({
        validity: '1',
        fileId: 'abc1',
        results: [
          aTerminalResult({ InsurerNumber: '01130012  ', InsuredBranchNumber: '02', PersonalFamilyClassification: '2', Sex1: '2' }),
        ],
      }),
    );
    expect(response.fileId).toBe('abc1');
    expect(response.encoding).toBe('utf-8');
    expect(response.answer).toEqual({
      status: 'eligible',
      processedAt: '2024-05-01T10:15:30',
      qualifications: [
        {
          cardClassification: '01',
          insurerNumber: '01130012',
          insurerName: '全国健康保険協会東京支部',
          symbol: '１２３４',
          number: '567',
          branch: '02',
          relationship: 'dependent',
          name: '健診　太郎',
          nameKana: 'ｹﾝｼﾝ ﾀﾛｳ',
          insuredName: '健診　太郎',
          birthDate: '1970-04-01',
          sex: 'female',
          acquiredOn: '2020-04-01',
        },
      ],
    });
    expect(OqsAnswer.parse(response.answer)).toEqual(response.answer);
  });

  it.each([
    ['2', 'lost'],
    ['3', 'changed-insurer'],
    ['4', 'not-found'],
    ['5', 'multiple'],
  ])('with 資格有効性 %s is %s', (validity, status) => {
    const results =
      validity === '4'
        ? []
        : validity === '5'
          ? [aTerminalResult(), aTerminalResult({ InsuredIdentificationNumber: '568' })]
          : [aTerminalResult({ DisqualificationDate: '20240331', ReasonOfLoss: '03' })];
    const answer = answerOf(responseXml({ validity, results }));
    expect(answer.status).toBe(status);
    if (answer.status === 'failed') throw new Error('not an answer');
    expect(answer.qualifications).toHaveLength(results.length);
    if (validity === '2' || validity === '3') {
      expect(answer.qualifications[0]).toMatchObject({ lostOn: '2024-03-31', lossReason: 'other-insurance' });
    }
  });

  it('reads a 6-digit 国保 number written as "00"+6 or space-padded as the 6 digits, never padded', () => {
    for (const written of ['00131011', '  131011', '131011']) {
      const answer = answerOf(responseXml({ validity: '1', results: [aTerminalResult({ InsurerNumber: written })] }));
      expect(answer.status === 'eligible' && answer.qualifications[0].insurerNumber).toBe('131011');
    }
  });

  it('refuses a 7-digit insurer number as unreadable, naming the field but not its value', () => {
    const answer = answerOf(responseXml({ validity: '1', results: [aTerminalResult({ InsurerNumber: '1130012' })] }));
    expect(answer).toEqual({ status: 'failed', reason: 'unreadable-response', message: expect.stringContaining('insurerNumber') });
    expect(JSON.stringify(answer)).not.toContain('1130012');
  });

  it.each(['9', '3'])('with SegmentOfResult %s is a terminal error carrying ErrorCode and ErrorMessage', (segment) => {
    const answer = answerOf(responseXml({ segmentOfResult: segment, errorCode: 'EQ0001', errorMessage: '照会条件に誤りがあります。' }));
    expect(answer).toEqual({ status: 'failed', reason: 'terminal-error', code: 'EQ0001', message: '照会条件に誤りがあります。' });
  });

  it('with SegmentOfResult not 1 and no message still says what happened', () => {
    expect(answerOf(responseXml({ segmentOfResult: '9' }))).toEqual({
      status: 'failed',
      reason: 'terminal-error',
      message: 'The terminal answered SegmentOfResult 9 without a message.',
    });
  });

  it('with ProcessingResultStatus 2 is a processing error with its code and message', () => {
    const answer = answerOf(
      responseXml({
        processingResultStatus: '2',
        processingResultCode: 'E1001',
        processingResultMessage: '処理中にエラーが発生しました。',
      }),
    );
    expect(answer).toEqual({ status: 'failed', reason: 'processing-error', code: 'E1001', message: '処理中にエラーが発生しました。' });
  });

  it('passes ProcessingResultMessage on a normal answer through as a notice', () => {
    const answer = answerOf(
      responseXml({ validity: '1', processingResultCode: 'W0001', processingResultMessage: '電子証明書の有効期限が3か月以内に切れます。' }),
    );
    expect(answer.status === 'eligible' && answer.notice).toEqual({
      code: 'W0001',
      message: '電子証明書の有効期限が3か月以内に切れます。',
    });
  });

  it('decodes a Shift_JIS response, by its declaration or by CharacterCodeIdentifier alone', () => {
    const kanji = aTerminalResult({
      Name: '髙橋　花子',
      NameKana: 'ﾀｶﾊｼ ﾊﾅｺ',
      InsurerName: '千葉県警察共済組合',
      InsurerNumber: '33120015',
    });
    for (const declaration of [true, false]) {
      const bytes = responseXml({ encoding: 'shift_jis', declaration, validity: '1', results: [kanji] });
      expect(bytes.includes(Buffer.from('髙橋', 'utf8'))).toBe(false);
      const response = parseEligibilityResponse(bytes);
      expect(response.encoding).toBe('shift_jis');
      expect(response.answer.status === 'eligible' && response.answer.qualifications[0]).toMatchObject({
        name: '髙橋　花子',
        nameKana: 'ﾀｶﾊｼ ﾊﾅｺ',
        insurerName: '千葉県警察共済組合',
        insurerNumber: '33120015',
      });
    }
  });

  it('reads Shift_JIS bytes as Shift_JIS even when the declaration claims UTF-8', () => {
    const sjis = responseXml({ encoding: 'shift_jis', declaration: false, characterCode: false, validity: '1' });
    const mislabelled = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n'), sjis]);
    expect(parseEligibilityResponse(mislabelled).encoding).toBe('shift_jis');
    expect(answerOf(mislabelled).status).toBe('eligible');
  });

  it('never reads the health-data consent elements into the answer', () => {
    const answer = answerOf(responseXml({ validity: '1', withConsent: true }));
    expect(answer.status).toBe('eligible');
    const serialised = JSON.stringify(answer);
    expect(serialised).not.toMatch(/CONSENT-MARKER|ConsFlg|ConsTime|AvailableTime|Consent/i);
    for (const value of Object.values(CONSENT_ELEMENTS)) if (value.length > 1) expect(serialised).not.toContain(value);
  });

  it('is unreadable when it is not the expected XML, without throwing', () => {
    expect(answerOf(Buffer.from('<XmlMsg><MessageHeader>'))).toMatchObject({ status: 'failed', reason: 'unreadable-response' });
    expect(answerOf(Buffer.from('<XmlMsg><MessageBody/></XmlMsg>'))).toEqual({
      status: 'failed',
      reason: 'unreadable-response',
      message: 'The response has no SegmentOfResult.',
    });
    expect(answerOf(responseXml({ validity: '7' }))).toMatchObject({ reason: 'unreadable-response' });
    expect(answerOf(responseXml({}))).toMatchObject({ reason: 'unreadable-response' });
    // 資格有効性 1 without any qualification cannot be an eligible answer.
    expect(answerOf(responseXml({ validity: '1', results: [] }))).toMatchObject({ reason: 'unreadable-response' });
  });

  it('is recognised as incomplete while it is still being written', () => {
    const whole = responseXml({ validity: '1', encoding: 'shift_jis' });
    expect(isCompleteXml(whole)).toBe(true);
    expect(isCompleteXml(whole.subarray(0, Math.floor(whole.length / 2)))).toBe(false);
    expect(isCompleteXml(Buffer.alloc(0))).toBe(false);
  });
});
