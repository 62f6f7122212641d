import type { ContractRequest } from '@hcv/contracts';
import { EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { assertContractId, contractOf } from './contract';

const request: ContractRequest = {
  kind: 'collective-A',
  name: 'A 2026',
  coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
  insurerNumbers: [EXAMPLE_INSURER_NUMBER],
  institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER],
  purposes: ['specific-checkup', 'specific-guidance'],
  guidanceLevels: ['motivational'],
  unitPrices: { basic: 8000, detailed: 2000 },
  validFrom: '2026-04-01',
  validUntil: '2027-03-31',
};

describe('contract rules', () => {
  it('a registered contract carries its coordinator, levels and unit prices, its id and the time it was registered', () => {
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

  it('refuses an institution number registration would refuse, naming the entry (institutionNumbers.<i>)', () => {
    // A wrong check digit: the example number with its last digit changed.
    const wrongCheck = EXAMPLE_INSTITUTION_NUMBER.slice(0, 9) + String((Number(EXAMPLE_INSTITUTION_NUMBER[9]) + 1) % 10);
    for (const bad of [wrongCheck, '9911234566', '1391234566']) {
      expect(() => contractOf('c', { ...request, institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER, bad] }, new Date())).toThrow(
        expect.objectContaining({ code: 'invalid-institution-number', status: 400, field: 'institutionNumbers.1' }),
      );
    }
  });

  it('normalises insurer numbers (full-width digits, spaces) and refuses a validity that ends before it starts', () => {
    const fullWidth = EXAMPLE_INSURER_NUMBER.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(contractOf('c', { ...request, insurerNumbers: [` ${fullWidth} `] }, new Date()).insurerNumbers).toEqual([
      EXAMPLE_INSURER_NUMBER,
    ]);
    expect(() => contractOf('c', { ...request, validUntil: '2026-03-31' }, new Date())).toThrow(
      expect.objectContaining({ code: 'invalid-validity', status: 400 }),
    );
  });
});
