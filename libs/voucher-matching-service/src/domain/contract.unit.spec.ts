import { EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { assertContractId, contractOf } from './contract';

const request = {
  kind: 'collective-A' as const,
  name: 'A 2026',
  insurerNumbers: [EXAMPLE_INSURER_NUMBER],
  institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER],
  purposes: ['specific-checkup' as const],
  validFrom: '2026-04-01',
  validUntil: '2027-03-31',
};

describe('contract rules', () => {
  it('a registered contract carries its id and the time it was registered', () => {
    expect(contractOf('collective-A-2026', request, new Date('2026-03-01T00:00:00.000Z'))).toEqual({
      ...request,
      contractId: 'collective-A-2026',
      updatedAt: '2026-03-01T00:00:00.000Z',
    });
  });

  it('refuses an id outside 1–64 letters, digits, _ . : - and an insurer number with a wrong check digit, naming it', () => {
    expect(() => assertContractId('../etc')).toThrow(expect.objectContaining({ code: 'invalid-contract-id', status: 400 }));
    expect(() => assertContractId('x'.repeat(65))).toThrow(expect.objectContaining({ code: 'invalid-contract-id' }));
    expect(() => contractOf('c', { ...request, insurerNumbers: [EXAMPLE_INSURER_NUMBER, '06139013'] }, new Date())).toThrow(
      expect.objectContaining({
        code: 'invalid-insurer-number',
        field: 'insurerNumbers.1',
        message: expect.stringMatching(/^insurerNumbers\.1: /),
      }),
    );
    // Contract institution lists are judged like registration.
    expect(() => contractOf('c', { ...request, institutionNumbers: ['4810000001'] }, new Date())).toThrow(
      expect.objectContaining({ code: 'invalid-institution-number', field: 'institutionNumbers.0' }),
    );
  });

  it('keeps the numbers canonical', () => {
    const contract = contractOf(
      'c',
      { ...request, insurerNumbers: [' 00131011 '], institutionNumbers: ['３４１０７１２３６２'] },
      new Date(),
    );
    expect(contract).toMatchObject({ insurerNumbers: ['131011'], institutionNumbers: ['3410712362'] });
  });
});
