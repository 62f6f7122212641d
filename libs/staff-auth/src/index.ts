export { issueStaffToken, StaffTokenVerifier, staffTokenSecretFromEnv, staffTokensForAllRoles, MIN_SECRET_LENGTH } from './staff-token';
