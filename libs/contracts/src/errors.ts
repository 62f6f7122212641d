import { INSTITUTION_NUMBER_SENTENCE, INSURER_NUMBER_SENTENCE } from './identifiers';

/**
 * Every error a device or an operator can meet: a stable code, its HTTP status and a sentence on
 * what to do. The OpenAPI documents list it; a test checks that every code thrown in the code base
 * is here. (The message in a response may add specifics, e.g. which device or session.)
 */
export const ERROR_CATALOGUE = {
  'invalid-request': { status: 400, sentence: 'The body does not match the contract; `field` names the first problem.' },
  'bad-request': { status: 400, sentence: 'The body is not valid JSON.' },
  'payload-too-large': { status: 413, sentence: 'The body exceeds 64 KiB.' },
  'unsupported-media-type': { status: 415, sentence: 'Send the body as application/json.' },
  'invalid-utf8': { status: 400, sentence: 'The body is not valid UTF-8.' },
  'cors-origin-not-allowed': { status: 403, sentence: 'This browser origin is not on the CORS allow-list (CORS_ALLOWED_ORIGINS).' },
  'route-not-found': { status: 404, sentence: 'No such route.' },
  'method-not-allowed': { status: 405, sentence: 'The path does not take this method; the Allow header lists the ones it does.' },
  'invalid-session-id': { status: 400, sentence: 'A session id is a UUID.' },
  'device-auth-missing': { status: 401, sentence: 'Device requests must carry x-device-id, x-timestamp, x-nonce and x-signature.' },
  'device-auth-stale': {
    status: 401,
    sentence: 'The request timestamp is outside the replay window; check the device clock and sign again.',
  },
  'device-auth-signature': {
    status: 401,
    sentence: 'The signature does not match: the body or path was altered, or an old credential was used.',
  },
  'device-auth-replayed': { status: 401, sentence: 'This request was already received; sign every request anew.' },
  'device-unknown': { status: 401, sentence: 'The device is not registered and activated (or its activation has not arrived yet).' },
  'device-suspended': { status: 403, sentence: 'The device is suspended; an operator must re-activate it.' },
  'device-retired': { status: 403, sentence: 'The device is retired and can no longer be used.' },
  'device-not-active': { status: 403, sentence: 'The device is not active.' },
  'device-not-registered': { status: 403, sentence: 'The device is not a registered, activated device.' },
  'device-without-institution': {
    status: 403,
    sentence: 'The device names neither a checkup institution nor an insurer running checkups itself; it may not open sessions.',
  },
  'device-mismatch': { status: 403, sentence: 'A device may only act for itself.' },
  'device-has-active-session': { status: 409, sentence: 'The device already has an active session; finish or cancel it first.' },
  'identity-verification-not-permitted': {
    status: 422,
    sentence:
      'Online eligibility may not be used for identity verification (本人確認); the visitor must present the My Number card itself.',
  },
  'voucher-required-for-purpose': {
    status: 422,
    sentence: 'Only a 人間ドック (comprehensive-checkup) is confirmed against the insurer without a voucher.',
  },
  'linked-session-not-found': { status: 422, sentence: 'linkedSessionId names no captured visit at this institution.' },
  'linked-session-not-captured': { status: 422, sentence: 'Only a visit captured offline is confirmed by a later online check.' },
  'card-read-needs-online': {
    status: 422,
    sentence:
      'A My Number card cannot be read offline (資格確認限定型 is online only; the PIN is checked through JPKI when read): record an alternative document or the paper route.',
  },
  'card-pin-locked': {
    status: 409,
    sentence: 'The card is locked after three wrong PINs: confirm the holder by 目視確認 (with checkedBy) or use an alternative method.',
  },
  'checked-by-required': { status: 422, sentence: 'A 目視確認 records the staff member who did it: give checkedBy.' },
  'identity-step-not-applicable': {
    status: 422,
    sentence: 'Identity verified with the My Number card is a step of a 人間ドック (comprehensive-checkup) session.',
  },
  'method-not-valid-on-date': {
    status: 422,
    sentence: 'The method is not accepted for this checkup date (the message names its dates); use another method.',
  },
  'unknown-purpose': { status: 400, sentence: 'purpose must be specific-checkup, specific-guidance or comprehensive-checkup.' },
  'session-not-found': { status: 404, sentence: 'No such session for this device.' },
  'session-state-conflict': { status: 409, sentence: 'The step is not possible in the session’s current state.' },
  'session-busy': { status: 409, sentence: 'The session is being changed by another request; retry.' },
  'voucher-already-presented': { status: 409, sentence: 'A different voucher was already presented in this session.' },
  'device-already-registered': { status: 409, sentence: 'A device with this id is already registered.' },
  'device-not-found': { status: 404, sentence: 'No such device.' },
  'device-transition-not-allowed': {
    status: 409,
    sentence: 'The lifecycle does not allow this change (requested → active → suspended → retired).',
  },
  'credential-needs-active-device': { status: 409, sentence: 'Only an active device gets a new credential; activate it first.' },
  'device-changed-concurrently': { status: 409, sentence: 'The device changed meanwhile; retry.' },
  'institution-changed-concurrently': { status: 409, sentence: 'The institution changed meanwhile; retry.' },
  'site-changed-concurrently': { status: 409, sentence: 'The site changed meanwhile; retry.' },
  'voucher-changed-concurrently': { status: 409, sentence: 'The voucher changed meanwhile; retry.' },
  'institution-already-registered': { status: 409, sentence: 'This institution number is already registered.' },
  'institution-not-found': { status: 404, sentence: 'No such institution.' },
  'institution-not-registered': { status: 422, sentence: 'Register the institution first.' },
  'institution-not-active': { status: 422, sentence: 'The institution is not registered or was withdrawn.' },
  'institution-withdrawn': { status: 422, sentence: 'The institution’s online eligibility code was withdrawn.' },
  'invalid-institution-number': {
    status: 400,
    sentence: `\`field\` names the refused number: ${INSTITUTION_NUMBER_SENTENCE}.`,
  },
  'invalid-insurer-number': { status: 400, sentence: `\`field\` names the refused number: ${INSURER_NUMBER_SENTENCE}.` },
  'insurer-already-enrolled': { status: 409, sentence: 'The insurer already holds an online eligibility code; file a withdrawal first.' },
  'online-eligibility-code-not-found': { status: 404, sentence: 'No such online eligibility code.' },
  'already-withdrawn': { status: 409, sentence: 'The code was already withdrawn, or its withdrawal notice is already filed.' },
  'invalid-online-eligibility-code': {
    status: 400,
    sentence: 'The online eligibility code (オンライン資格確認用コード, as 支払基金 assigned it) must be 1–20 letters or digits.',
  },
  'online-eligibility-code-already-registered': {
    status: 409,
    sentence: 'This online eligibility code is already recorded for an insurer; check the code 支払基金 assigned.',
  },
  'insurer-not-enrolled': { status: 422, sentence: 'No introduction notice (導入届) records this online eligibility code.' },
  'insurer-withdrawn': { status: 422, sentence: 'The insurer’s online eligibility code was withdrawn (廃止届).' },
  'device-already-retired': { status: 409, sentence: 'The device is retired; its card reader can no longer change.' },
  'site-already-registered': { status: 409, sentence: 'A site with this id is already registered.' },
  'site-not-found': { status: 404, sentence: 'No such site.' },
  'site-not-registered': { status: 422, sentence: 'The site is not a site of this institution.' },
  'not-a-bus': { status: 422, sentence: 'Only a checkup bus has an itinerary.' },
  'voucher-not-found': { status: 404, sentence: 'No such voucher.' },
  'voucher-not-used-by-session': { status: 409, sentence: 'The voucher is not currently used by that session; nothing to undo.' },
  'empty-file': { status: 400, sentence: 'The upload is empty, or has a header row and no voucher rows.' },
  'unsupported-charset': {
    status: 400,
    sentence: 'The upload declares a charset that is not known, or is not valid in it; send UTF-8 or Shift_JIS.',
  },
  'unknown-columns': {
    status: 400,
    sentence: 'The CSV header names columns the import does not know; the message lists the expected ones.',
  },
  'missing-columns': {
    status: 400,
    sentence: 'The CSV header lacks columns every voucher needs; the message names them (docs/voucher-files.md).',
  },
  'duplicate-columns': { status: 400, sentence: 'The CSV header names a column twice.' },
  'unreadable-file': {
    status: 400,
    sentence:
      'The CSV cannot be read to its end (an unclosed quote, text after a closing quote, a quote inside an unquoted cell); the message gives the line. Nothing was imported.',
  },
  'import-not-found': { status: 404, sentence: 'No such import.' },
  'decision-not-found': { status: 404, sentence: 'No matching decision for this session.' },
  'decision-not-settleable': {
    status: 409,
    sentence:
      'Only a needs-manual-check or member-mismatch decision naming an identified voucher can be settled; the message says why not.',
  },
  'decision-already-settled': { status: 409, sentence: 'The session’s decision was already settled.' },
  'voucher-already-used': {
    status: 409,
    sentence: 'The voucher was already used; the message names the site and the time (JST) of its first use.',
  },
  'invalid-contract-id': { status: 400, sentence: 'A contract id is 1–64 letters, digits, _ . : -.' },
  'contract-not-found': { status: 404, sentence: 'No such contract.' },
  'invalid-validity': { status: 400, sentence: 'validUntil is before validFrom.' },
  'lookup-not-found': { status: 404, sentence: 'No lookup for this session.' },
  'bridge-request-not-found': { status: 404, sentence: 'No waiting eligibility question with this id for the bridge’s institution.' },
  'staff-auth-missing': {
    status: 401,
    sentence: 'Staff routes need `Authorization: Bearer <token>` issued by the federation’s identity provider.',
  },
  'staff-token-invalid': { status: 401, sentence: 'The staff token is malformed or its signature does not match.' },
  'staff-token-expired': { status: 401, sentence: 'The staff token has expired; obtain a new one.' },
  'role-required': { status: 403, sentence: 'The route needs another role; the message names the roles that may call it.' },
  'site-not-permitted': { status: 403, sentence: 'A site manager may only see their own sites.' },
  'route-not-classified': { status: 403, sentence: 'The route declares no access rule and is refused (fail closed).' },
  internal: { status: 500, sentence: 'An internal error occurred; it has been logged.' },
} as const satisfies Record<string, { status: number; sentence: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
