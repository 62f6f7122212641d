import { ZodError } from 'zod';
import { buildEligibilityRequest, detectEncoding, fileIdOfResponse, newFileIdFactory, requestFileName, responseFileName } from './index';
import { readEligibilityRequest } from './testing';

const query = {
  insurerNumber: '01130012',
  symbol: '１２３４',
  number: '567',
  branch: '01',
  birthDate: '1970-04-01',
  onDate: '2024-05-01',
};
const options = { institutionNumber: '3410712362', fileId: '0501101530123001' };

describe('the OQSsiquc01req_ request', () => {
  it('is named after its file id and carries the header and the search fields of INTERFACES.md §1', () => {
    const { fileName, bytes } = buildEligibilityRequest(query, options);
    expect(fileName).toBe('OQSsiquc01req_0501101530123001.xml');
    const { header, search, encoding } = readEligibilityRequest(bytes);
    expect(encoding).toBe('shift_jis');
    expect(header).toEqual({
      QualificationConfirmationDate: '20240501',
      MedicalInstitutionCode: '3410712362',
      ArbitraryFileIdentifier: '0501101530123001',
    });
    expect(search).toEqual({
      InsurerNumber: '01130012',
      InsuredCardSymbol: '１２３４',
      InsuredIdentificationNumber: '567',
      InsuredBranchNumber: '01',
      Birthdate: '19700401',
      LimitApplicationCertificateRelatedConsFlg: '0',
    });
  });

  it('is Shift_JIS (CP932) by default with a matching declaration, and UTF-8 when configured', () => {
    const sjis = buildEligibilityRequest({ ...query, symbol: '髙①' }, options).bytes;
    expect(sjis.toString('latin1')).toMatch(/^<\?xml version="1.0" encoding="Shift_JIS"\?>/);
    expect(sjis.includes(Buffer.from([0xfb, 0xfc]))).toBe(true); // 髙 in CP932
    expect(readEligibilityRequest(sjis).search.InsuredCardSymbol).toBe('髙①');
    const utf8 = buildEligibilityRequest(query, { ...options, encoding: 'utf-8' }).bytes;
    expect(utf8.toString('utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(detectEncoding(utf8)).toBe('utf-8');
    expect(readEligibilityRequest(utf8).search.InsuredCardSymbol).toBe('１２３４');
  });

  it('refuses a character Shift_JIS cannot hold rather than writing "?"', () => {
    expect(() => buildEligibilityRequest({ ...query, symbol: '😀' }, options)).toThrow(/cannot encode/);
  });

  it('widens a 6-digit 国保 number to 8 characters as configured (space by default, or zero)', () => {
    const kokuho = { ...query, insurerNumber: '131011' };
    expect(readEligibilityRequest(buildEligibilityRequest(kokuho, options).bytes).search.InsurerNumber).toBe('  131011');
    expect(readEligibilityRequest(buildEligibilityRequest(kokuho, { ...options, insurerPadding: 'zero' }).bytes).search.InsurerNumber).toBe(
      '00131011',
    );
    // "00"+6 from a data layout is the same 国保 number: folded first, then widened as configured.
    expect(
      readEligibilityRequest(buildEligibilityRequest({ ...query, insurerNumber: '00131011' }, options).bytes).search.InsurerNumber,
    ).toBe('  131011');
  });

  it('refuses a 7-digit insurer number (a dropped leading zero is never guessed back) and a wrong check digit', () => {
    expect(() => buildEligibilityRequest({ ...query, insurerNumber: '1130012' }, options)).toThrow(ZodError);
    expect(() => buildEligibilityRequest({ ...query, insurerNumber: '06130012' }, options)).toThrow(/check digit/);
  });

  it('leaves out the branch element when the card shows none, and refuses a malformed one', () => {
    const { branch: _branch, ...withoutBranch } = query;
    expect(readEligibilityRequest(buildEligibilityRequest(withoutBranch, options).bytes).search).not.toHaveProperty('InsuredBranchNumber');
    expect(() => buildEligibilityRequest({ ...query, branch: '1' }, options)).toThrow(/2 digits/);
  });

  it('refuses an institution number that is not 10 digits with a prefecture, and a file id that is not plain', () => {
    expect(() => buildEligibilityRequest(query, { ...options, institutionNumber: '341071236' })).toThrow(ZodError);
    expect(() => buildEligibilityRequest(query, { ...options, institutionNumber: '4810712366' })).toThrow(/prefecture/); // refused: prefecture 48
    expect(() => buildEligibilityRequest(query, { ...options, fileId: '../x' })).toThrow(/file id/);
  });

  it('escapes markup characters in free text', () => {
    const bytes = buildEligibilityRequest({ ...query, symbol: 'A<B&C' }, options).bytes;
    expect(bytes.toString('latin1')).toContain('<InsuredCardSymbol>A&lt;B&amp;C</InsuredCardSymbol>');
    expect(readEligibilityRequest(bytes).search.InsuredCardSymbol).toBe('A<B&C');
  });
});

describe('file names', () => {
  it('pair a request with its response and recognise only single-query responses', () => {
    expect(requestFileName('abc1')).toBe('OQSsiquc01req_abc1.xml');
    expect(responseFileName('abc1')).toBe('OQSsiquc01res_abc1.xml');
    expect(fileIdOfResponse('OQSsiquc01res_abc1.xml')).toBe('abc1');
    expect(fileIdOfResponse('OQSsiquc01res_face_20240501.xml')).toBeUndefined();
    expect(fileIdOfResponse('OQSmuquc01res_abc1.xml')).toBeUndefined();
    expect(fileIdOfResponse('~OQSsiquc01req_abc1.tmp')).toBeUndefined();
  });

  it('are made unique within a process and stay within 20 letters or digits', () => {
    const next = newFileIdFactory('B1');
    const at = new Date(2024, 4, 1, 10, 15, 30, 123);
    const ids = [next(at), next(at), next(at)];
    expect(ids[0]).toBe('B10501101530123001');
    expect(new Set(ids).size).toBe(3);
    expect(() => newFileIdFactory('../')).toThrow(/prefix/);
  });
});
