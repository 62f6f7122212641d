import { z } from 'zod';

/**
 * POST /device-activations — a browser or tablet turns the one-time code an operator issued into
 * its credential. The code is read as typed (any case, hyphens or spaces, full-width characters);
 * whether it is well formed is the registry's answer (`activation-code-invalid`), not the contract's.
 */
export const RedeemActivationCodeRequest = z.strictObject({ code: z.string().min(1).max(64) });
export type RedeemActivationCodeRequest = z.infer<typeof RedeemActivationCodeRequest>;
