import { z } from 'zod';
import { Identifier } from '../common';
import { ContractRequest } from '../requests/import-vouchers.request';
import { Timestamp } from './timestamps';

/** A contract as registered: what the operator sent, under its id, with the time it was last replaced. */
export const ContractResponse = z.strictObject({ ...ContractRequest.shape, contractId: Identifier, updatedAt: Timestamp });
export type ContractResponse = z.infer<typeof ContractResponse>;
