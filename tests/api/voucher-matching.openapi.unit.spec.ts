import { ImportJobResponse } from '@hcv/contracts';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';
import { aVoucher, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER, waitFor } from '@hcv/testing';
import { describeOpenApiConformance } from './support/openapi-conformance';

const operator = { role: 'operator' } as const;

describeOpenApiConformance('voucher-matching', (runtime) => VoucherMatchingModule.register(runtime), {
  successes: {
    async run({ send }) {
      const contract = {
        kind: 'individual',
        name: '個別契約 2026',
        insurerNumbers: [EXAMPLE_INSURER_NUMBER],
        institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER],
        purposes: ['specific-checkup'],
        validFrom: '2026-04-01',
        validUntil: '2027-03-31',
      };
      await send('put', '/contracts/:contractId', { params: { contractId: 'c-2026' }, as: operator, body: contract });
      await send('get', '/contracts/:contractId', { params: { contractId: 'c-2026' }, as: { role: 'analyst' } });
      const report = await send('post', '/vouchers/import', {
        as: operator,
        body: { vouchers: [aVoucher({ branch: '01' }), { ...aVoucher(), voucherNumber: 'x' }] },
      });
      expect(report.body).toMatchObject({ imported: 1, rejectedCount: 1 });
      const shown = await send('get', '/vouchers/:insurerNumber/:voucherNumber', {
        params: { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER },
        as: { role: 'auditor' },
      });
      // The answer passed the declared schema, whose masked fields refuse a value in clear.
      expect(JSON.stringify(shown.body)).not.toContain(aVoucher().number);
      const header = 'voucherNumber,voucherKind,insurerNumber,symbol,number,name,birthDate,sex,validFrom,validUntil,fiscalYear';
      const row = `26001000002,checkup,${EXAMPLE_INSURER_NUMBER},1234,0012346,鈴木 花子,1980-01-02,female,2026-04-01,2027-03-31,2026`;
      const job = await send('post', '/vouchers/import/csv', { as: operator, csv: `${header}\n${row}\n` });
      const importId = ImportJobResponse.parse(job.body).importId;
      let progress = job;
      await waitFor(
        async () =>
          ImportJobResponse.parse(
            (progress = await send('get', '/vouchers/imports/:importId', { params: { importId }, as: operator })).body,
          ).state !== 'running',
        5_000,
        'the CSV import to finish',
      );
      expect(progress.body).toMatchObject({ state: 'completed', imported: 1 });
      await send('get', '/decisions', { query: 'state=needs-settlement&limit=10', as: operator });
    },
    expect: [
      'PUT /contracts/:contractId',
      'GET /contracts/:contractId',
      'POST /vouchers/import',
      'GET /vouchers/:insurerNumber/:voucherNumber',
      'POST /vouchers/import/csv',
      'GET /vouchers/imports/:importId',
      'GET /decisions',
    ],
  },
});
