import { z } from 'zod';

/**
 * Who a staff member is to the platform. Operators run the central desk (registry, imports, undo);
 * site managers see their own sites only; auditors read the full history with insurance numbers in
 * clear; analysts read aggregates without personal data.
 */
export const StaffRole = z.enum(['operator', 'site-manager', 'auditor', 'analyst']);
export type StaffRole = z.infer<typeof StaffRole>;

/**
 * The claims of a verified staff bearer token: a JWT of the federation's identity provider (its
 * issuer URL in `iss`, roles and sites mapped from its configured claims), or in development an HS256
 * token issued with the shared secret (`iss` 'hcv').
 */
export const StaffClaims = z
  .object({
    iss: z.string().min(1).max(300),
    sub: z.string().min(1).max(128),
    roles: z.array(StaffRole).min(1).max(4),
    /** The sites a site manager may see; absent for the other roles. */
    sites: z.array(z.string().min(1).max(64)).max(500).optional(),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().positive(),
  })
  .refine((c) => !c.roles.includes('site-manager') || (c.sites?.length ?? 0) > 0, {
    message: 'a site-manager token names its sites',
    path: ['sites'],
  });
export type StaffClaims = z.infer<typeof StaffClaims>;
