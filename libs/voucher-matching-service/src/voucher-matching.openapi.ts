import {
  ContractRequest,
  ContractResponse,
  ImportJobResponse,
  ImportReportResponse,
  ImportVouchersRequest,
  SettleDecisionRequest,
  SettlementQueueQuery,
  SettlementQueueResponse,
  UndoVoucherUseRequest,
  VerificationOutcomeV3,
  VoucherResponse,
} from '@hcv/contracts';
import { openApiDocument, type RouteDoc } from '@hcv/platform-http';

const OPERATOR = { roles: ['operator'] } as const;

export const VOUCHER_MATCHING_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/vouchers/import',
    summary: 'Import a JSON batch of vouchers (≤ 10,000); rejected rows are reported by index, field and reason.',
    access: OPERATOR,
    request: ImportVouchersRequest,
    success: {
      status: 200,
      description: 'Imported and rejected counts, with the rejected rows.',
      body: { type: 'json', schema: ImportReportResponse },
    },
    errors: [],
  },
  {
    method: 'post',
    path: '/vouchers/import/csv',
    summary:
      'Upload a voucher file (text/csv with a header row, in the field-names or the Japanese roster layout of docs/voucher-files.md; UTF-8 unless the content type declares Shift_JIS); read through once (a file that cannot be read to its end is refused with the line), then answered with the import job.',
    access: OPERATOR,
    request: 'csv',
    success: {
      status: 202,
      description: 'The import job; its progress at GET /vouchers/imports/{importId}.',
      body: { type: 'json', schema: ImportJobResponse },
    },
    errors: ['empty-file', 'unsupported-charset', 'unknown-columns', 'duplicate-columns', 'missing-columns', 'unreadable-file'],
  },
  {
    method: 'get',
    path: '/vouchers/imports/:importId',
    summary: 'Progress of a CSV import.',
    access: OPERATOR,
    success: { status: 200, description: 'The import job.', body: { type: 'json', schema: ImportJobResponse } },
    errors: ['import-not-found'],
  },
  {
    method: 'post',
    path: '/vouchers/:insurerNumber/:voucherNumber/undo-use',
    summary:
      'An operator undoes one session’s use of the voucher identified by (insurer number, voucher number); its other uses stay, its history shows the use and the undoing.',
    access: OPERATOR,
    request: UndoVoucherUseRequest,
    success: { status: 200, description: 'The voucher (masked).', body: { type: 'json', schema: VoucherResponse } },
    errors: ['voucher-not-found', 'voucher-not-used-by-session', 'voucher-changed-concurrently'],
  },
  {
    method: 'get',
    path: '/vouchers/:insurerNumber/:voucherNumber',
    summary:
      'A voucher by (insurer number, voucher number): the imported record with 記号・番号・枝番 masked and name and birth date withheld, its uses, re-issues and history.',
    access: { roles: ['operator', 'auditor'] },
    success: { status: 200, description: 'The voucher (masked).', body: { type: 'json', schema: VoucherResponse } },
    errors: ['voucher-not-found'],
  },
  {
    method: 'put',
    path: '/contracts/:contractId',
    summary: 'Register or replace a contract (a new contract year replaces the old one under its id).',
    access: OPERATOR,
    request: ContractRequest,
    success: { status: 200, description: 'The contract.', body: { type: 'json', schema: ContractResponse } },
    errors: ['invalid-contract-id', 'invalid-insurer-number', 'invalid-institution-number', 'invalid-validity'],
  },
  {
    method: 'get',
    path: '/contracts/:contractId',
    summary: 'Read a contract.',
    access: { roles: ['operator', 'auditor', 'analyst'] },
    success: { status: 200, description: 'The contract.', body: { type: 'json', schema: ContractResponse } },
    errors: ['contract-not-found'],
  },
  {
    method: 'post',
    path: '/decisions/:sessionId/settlement',
    summary:
      'Settle a session’s needs-manual-check or member-mismatch (confirmed with the insurer, or the same person): claims the voucher and publishes matched-after-settlement with what the desk collects. Operators; site managers for their own sites when VOUCHER_DESK_SETTLES=true.',
    access: { roles: ['operator', 'site-manager'] },
    request: SettleDecisionRequest,
    success: {
      status: 200,
      description: 'The outcome announced (verification.outcome v3).',
      body: { type: 'json', schema: VerificationOutcomeV3.data },
    },
    errors: ['decision-not-found', 'decision-not-settleable', 'decision-already-settled', 'voucher-already-used', 'site-not-permitted'],
  },
  {
    method: 'get',
    path: '/decisions',
    summary:
      'The manual-settlement queue (`state=needs-settlement`): sessions whose latest decision is needs-manual-check or member-mismatch, newest first, paged by `cursor` (the previous page’s `nextCursor`), with JST times. Operators; site managers for their own sites.',
    access: { roles: ['operator', 'site-manager'] },
    query: SettlementQueueQuery,
    success: { status: 200, description: 'A page of the queue.', body: { type: 'json', schema: SettlementQueueResponse } },
    errors: ['site-not-permitted'],
  },
];

export const voucherMatchingOpenApi = () =>
  openApiDocument(
    { title: 'voucher-matching', version: '1', description: 'Vouchers (受診券・利用券), their imports and contracts.' },
    VOUCHER_MATCHING_ROUTES,
  );
