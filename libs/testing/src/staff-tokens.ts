import type { StaffRole } from '@hcv/contracts';
import { issueStaffToken, staffTokensForAllRoles, StaffTokenVerifier } from '@hcv/platform-access';

/** The staff-token secret of test runs (services started by tests get it through the environment). */
export const TEST_STAFF_SECRET = 'test-only-staff-token-secret-not-for-deployments';

export const testStaffVerifier = () => new StaffTokenVerifier(TEST_STAFF_SECRET);

/** A bearer token per role (the site manager's for the given sites). */
export const testStaffTokens = (sites: string[] = []) => staffTokensForAllRoles(TEST_STAFF_SECRET, 'test-runner', sites);

export const testStaffToken = (roles: StaffRole[], sites?: string[]) =>
  issueStaffToken({ secret: TEST_STAFF_SECRET, subject: 'test-runner', roles, sites });

/** `{ authorization: 'Bearer …' }` for fetch calls in tests. */
export const asStaff = (role: StaffRole, sites?: string[]) => ({
  authorization: `Bearer ${testStaffToken([role], role === 'site-manager' ? sites : undefined)}`,
});
