import type { EventContract } from '../envelope';
import { ALL_EVENT_CONTRACTS } from '../registry';

/**
 * A valid data example and a list of broken variants for every event contract. The contract tests
 * require one entry per contract, so a new event cannot ship without examples.
 */
const sessionId = '7b0c5a8e-3c1f-4a55-9a39-3f1b8e2f0c11';
/** An insurer running checkups itself is withdrawn under its オンライン資格確認用コード, not an institution number. */
const onlineEligibilityCode = '9000000425';
const qualification = {
  insurerNumber: '06139018',
  insurerName: '第1健康保険組合',
  symbol: '1234',
  number: '0012345',
  branch: '00',
  relationship: 'insured',
  name: '佐藤　太郎',
  nameKana: 'サトウ　タロウ',
  birthDate: '1970-05-01',
  sex: 'male',
  acquiredOn: '2010-04-01',
};
const request = {
  sessionId,
  institutionNumber: '1311234569',
  siteId: 'tokyo-central',
  purpose: 'specific-checkup',
  checkupDate: '2026-11-24',
  voucherNumber: '12345678901',
};

/** An insurer running checkups itself: its sessions name the code 支払基金 assigned, never as an institution number. */
const insurerCode = 'KENPO0422';
const insurerRequest = {
  sessionId,
  onlineEligibilityCode: insurerCode,
  siteId: 'hall',
  stopId: 'hall',
  purpose: 'comprehensive-checkup',
  checkupDate: '2026-11-24',
};

const presentedVoucher = {
  insurerNumber: '06139018',
  voucherNumber: '12345678901',
  voucherKind: 'checkup',
  validUntil: '2027-03-31',
  copayments: { basic: { kind: 'fixed', amount: 1000 }, detailed: { kind: 'none' } },
  coordinator: { kind: 'collective-A', organisation: { id: 'zeneiren', name: '全国労働衛生団体連合会' } },
  symbol: '1234',
  number: '0012345',
};
const requestV2 = {
  sessionId,
  institutionNumber: '1311234569',
  siteId: 'tokyo-central',
  purpose: 'specific-checkup',
  checkupDate: '2026-11-24',
  voucher: presentedVoucher,
};
const outcomeV3 = {
  sessionId,
  institutionNumber: '1311234569',
  siteId: 'tokyo-central',
  voucher: { insurerNumber: '06139018', voucherNumber: '12345678901' },
  outcome: 'matched',
  reason: 'Eligibility confirmed online and the voucher belongs to the visitor.',
  reasonJa: 'オンライン資格確認で資格を確認し、受診券は本人のものです。',
  source: 'online',
  method: 'mynumber-card',
  verifiedOnline: true,
  comparedSources: ['presented-voucher', 'online-eligibility', 'contract'],
  insurerNumber: '06139018',
  contractId: 'a-2026',
  collect: {
    lines: [
      { part: 'basic', copayment: { kind: 'fixed', amount: 1000 }, yen: 1000 },
      { part: 'detailed', copayment: { kind: 'none' }, yen: 0 },
    ],
    totalYen: 1000,
  },
  covers: { parts: ['basic', 'detailed'] },
  decidedAt: '2026-11-24T09:00:03Z',
};

export const EVENT_EXAMPLES: Record<string, { valid: unknown; invalid: Array<[string, unknown]> }> = {
  'verification.outcome@2': {
    valid: {
      sessionId,
      institutionNumber: '1311234569',
      siteId: 'site-1',
      voucherNumber: '12345678901',
      outcome: 'not-contracted',
      reason: 'No contract covers this institution for the insurer (返戻理由 04).',
      decidedAt: '2026-11-24T09:00:03Z',
    },
    invalid: [
      [
        'unknown outcome kind',
        {
          sessionId,
          institutionNumber: '1311234569',
          siteId: 'site-1',
          voucherNumber: '12345678901',
          outcome: 'nope',
          reason: 'x',
          decidedAt: '2026-11-24T09:00:03Z',
        },
      ],
    ],
  },
  'session.completed@2': {
    valid: { sessionId, outcome: 'not-contracted', completedAt: '2026-11-24T09:00:04Z', elapsedMillis: 850 },
    invalid: [
      [
        'v1 examples of other kinds are still refused',
        { sessionId, outcome: 'unknown', completedAt: '2026-11-24T09:00:04Z', elapsedMillis: 1 },
      ],
    ],
  },
  'session.voucher-presented@2': {
    valid: {
      sessionId,
      voucher: { insurerNumber: '06139018', voucherNumber: '12345678901', voucherKind: 'checkup', validUntil: '2027-03-31' },
    },
    invalid: [
      [
        'a voucher without its insurer',
        { sessionId, voucher: { voucherNumber: '12345678901', voucherKind: 'checkup', validUntil: '2027-03-31' } },
      ],
    ],
  },
  'eligibility.requested@2': {
    valid: { ...requestV2, deviceId: 'dev-1', cardReference: 'card-000001-0a1b2c3d' },
    invalid: [
      ['the voucher number alone', { ...request, deviceId: 'dev-1', cardReference: 'card-000001-0a1b2c3d' }],
      [
        'a 受診券 with a guidance level',
        {
          ...requestV2,
          deviceId: 'dev-1',
          cardReference: 'card-000001-0a1b2c3d',
          voucher: { ...presentedVoucher, guidanceLevel: 'intensive' },
        },
      ],
    ],
  },
  'qualification.resolved@2': {
    valid: {
      request: requestV2,
      result: { status: 'changed-insurer', qualification },
      answeredBy: 'device-reported',
      resolvedAt: '2026-11-24T09:00:02Z',
      upstreamMillis: 120,
    },
    invalid: [
      [
        'an unknown answer source',
        { request: requestV2, result: { status: 'not-found' }, answeredBy: 'fax', resolvedAt: '2026-11-24T09:00:02Z', upstreamMillis: 1 },
      ],
    ],
  },
  'qualification.transcribed@2': {
    valid: {
      request: requestV2,
      method: 'eligibility-certificate',
      eligibility: {
        insurerNumber: '06139018',
        symbol: '1234',
        number: '0012345',
        name: '佐藤 太郎',
        birthDate: '1970-05-01',
        validUntil: '2027-03-31',
      },
      transcribedAt: '2026-11-24T09:00:02Z',
    },
    invalid: [
      [
        'the card read online is not an alternative',
        {
          request: requestV2,
          method: 'mynumber-card',
          eligibility: { insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤 太郎', birthDate: '1970-05-01' },
          transcribedAt: '2026-11-24T09:00:02Z',
        },
      ],
    ],
  },
  'verification.outcome@3': {
    valid: outcomeV3,
    invalid: [
      ['no Japanese sentence', { ...outcomeV3, reasonJa: undefined }],
      ['a v2 outcome shape without the source', { ...outcomeV3, source: undefined, verifiedOnline: undefined }],
    ],
  },
  'session.completed@3': {
    valid: {
      sessionId,
      outcome: 'matched-after-settlement',
      source: 'transcribed',
      completedAt: '2026-11-24T09:00:04Z',
      elapsedMillis: 850,
    },
    invalid: [['an unknown outcome kind', { sessionId, outcome: 'nope', completedAt: '2026-11-24T09:00:04Z', elapsedMillis: 1 }]],
  },
  'voucher.use-undone@2': {
    valid: {
      insurerNumber: '06139018',
      voucherNumber: '12345678901',
      sessionId,
      by: 'op-1',
      reason: 'wrong visitor',
      at: '2026-11-24T10:00:00Z',
    },
    invalid: [
      ['the voucher number alone', { voucherNumber: '12345678901', sessionId, by: 'op-1', reason: 'x', at: '2026-11-24T10:00:00Z' }],
    ],
  },
  'device.registered': {
    valid: { deviceId: 'dev-1', institutionNumber: '1311234569', siteId: 'site-1', kind: 'tablet', requestedBy: 'ops' },
    invalid: [
      [
        'institution number with 9 digits',
        { deviceId: 'dev-1', institutionNumber: '131123456', siteId: 's', kind: 'pc', requestedBy: 'ops' },
      ],
      ['unknown device kind', { deviceId: 'dev-1', institutionNumber: '1311234569', siteId: 's', kind: 'phone', requestedBy: 'ops' }],
    ],
  },
  'device.activated': {
    valid: {
      deviceId: 'dev-1',
      institutionNumber: '1311234569',
      siteId: 'site-1',
      kind: 'pc',
      activatedAt: '2026-11-24T09:00:00.000Z',
      activatedBy: 'ops',
    },
    invalid: [
      [
        'activatedAt not a timestamp',
        { deviceId: 'dev-1', institutionNumber: '1311234569', siteId: 'site-1', kind: 'pc', activatedAt: 'yesterday', activatedBy: 'ops' },
      ],
    ],
  },
  'session.opened': {
    valid: {
      sessionId,
      deviceId: 'dev-1',
      institutionNumber: '1311234569',
      siteId: 'site-1',
      purpose: 'specific-guidance',
      checkupDate: '2026-11-24',
      openedAt: '2026-11-24T09:00:00Z',
    },
    invalid: [
      [
        'identity verification is not a purpose',
        {
          sessionId,
          deviceId: 'dev-1',
          institutionNumber: '1311234569',
          siteId: 'site-1',
          purpose: 'identity-verification',
          checkupDate: '2026-11-24',
          openedAt: '2026-11-24T09:00:00Z',
        },
      ],
      [
        'session id not a uuid',
        {
          sessionId: 'abc',
          deviceId: 'dev-1',
          institutionNumber: '1311234569',
          siteId: 'site-1',
          purpose: 'specific-checkup',
          checkupDate: '2026-11-24',
          openedAt: '2026-11-24T09:00:00Z',
        },
      ],
    ],
  },
  'session.card-read': {
    valid: { sessionId, identityCheck: 'pin', readAt: '2026-11-24T09:00:01Z' },
    invalid: [['identity check must be pin or visual', { sessionId, identityCheck: 'none', readAt: '2026-11-24T09:00:01Z' }]],
  },
  'session.voucher-presented': {
    valid: { sessionId, voucherNumber: '12345678901' },
    invalid: [['voucher number has 11 digits', { sessionId, voucherNumber: '1234567890' }]],
  },
  'eligibility.requested': {
    valid: { ...request, deviceId: 'dev-1', cardReference: 'card-000001-0a1b2c3d' },
    invalid: [
      ['card reference missing', { ...request, deviceId: 'dev-1' }],
      ['comprehensive checkup purpose misspelt', { ...request, deviceId: 'dev-1', cardReference: 'card-000001-0a1b2c3d', purpose: 'dock' }],
    ],
  },
  'qualification.resolved': {
    valid: { request, result: { status: 'eligible', qualification }, resolvedAt: '2026-11-24T09:00:02Z', upstreamMillis: 12.5 },
    invalid: [
      [
        'lost without a loss date',
        { request, result: { status: 'lost', qualification }, resolvedAt: '2026-11-24T09:00:02Z', upstreamMillis: 1 },
      ],
      [
        'multiple with a single candidate',
        { request, result: { status: 'multiple', candidates: 1 }, resolvedAt: '2026-11-24T09:00:02Z', upstreamMillis: 1 },
      ],
      [
        'branch with three digits',
        {
          request,
          result: { status: 'eligible', qualification: { ...qualification, branch: '001' } },
          resolvedAt: '2026-11-24T09:00:02Z',
          upstreamMillis: 1,
        },
      ],
    ],
  },
  'verification.outcome': {
    valid: {
      sessionId,
      institutionNumber: '1311234569',
      siteId: 'site-1',
      voucherNumber: '12345678901',
      outcome: 'member-mismatch',
      reason: 'The birth date differs from the voucher.',
      mismatchedField: 'birthDate',
      decidedAt: '2026-11-24T09:00:03Z',
    },
    invalid: [
      [
        'unknown outcome kind',
        {
          sessionId,
          institutionNumber: '1311234569',
          siteId: 'site-1',
          voucherNumber: '12345678901',
          outcome: 'ok',
          reason: 'x',
          decidedAt: '2026-11-24T09:00:03Z',
        },
      ],
    ],
  },
  'session.completed': {
    valid: { sessionId, outcome: 'matched', completedAt: '2026-11-24T09:00:04Z', elapsedMillis: 850 },
    invalid: [['negative elapsed time', { sessionId, outcome: 'matched', completedAt: '2026-11-24T09:00:04Z', elapsedMillis: -1 }]],
  },
  'institution.registered': {
    valid: {
      institutionNumber: '1311234569',
      kind: 'checkup-institution',
      name: '東京健診センター',
      registeredAt: '2026-11-24T08:00:00Z',
      registeredBy: 'ops',
    },
    invalid: [
      [
        'unknown kind',
        { institutionNumber: '1311234569', kind: 'hospital', name: 'x', registeredAt: '2026-11-24T08:00:00Z', registeredBy: 'ops' },
      ],
    ],
  },
  'institution.withdrawn': {
    valid: { institutionNumber: onlineEligibilityCode, withdrawnAt: '2026-11-24T08:00:00Z', withdrawnBy: 'ops', reason: '廃止届' },
    invalid: [['reason missing', { institutionNumber: onlineEligibilityCode, withdrawnAt: '2026-11-24T08:00:00Z', withdrawnBy: 'ops' }]],
  },
  'institution.registered@2': {
    valid: {
      institutionNumber: '3410712362',
      name: '広島健診センター',
      postalCode: '730-0011',
      address: '広島県広島市中区基町10-52',
      phone: '082-000-0000',
      checkupKinds: ['specific-checkup', 'specific-guidance'],
      openingHours: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
        { days: ['sat'], from: '09:00', to: '12:00' },
      ],
      openingNote: '祝日・年末年始は休み',
      existingTypeTerminal: true,
      registeredAt: '2026-11-24T08:00:00Z',
      registeredBy: 'ops',
    },
    invalid: [
      [
        'hours that end before they start',
        {
          institutionNumber: '3410712362',
          name: 'x',
          openingHours: [{ days: ['mon'], from: '17:00', to: '09:00' }],
          registeredAt: '2026-11-24T08:00:00Z',
          registeredBy: 'ops',
        },
      ],
      [
        'an unknown weekday',
        {
          institutionNumber: '3410712362',
          name: 'x',
          openingHours: [{ days: ['monday'], from: '09:00', to: '17:00' }],
          registeredAt: '2026-11-24T08:00:00Z',
          registeredBy: 'ops',
        },
      ],
      ['no number', { name: 'x', registeredAt: '2026-11-24T08:00:00Z', registeredBy: 'ops' }],
    ],
  },
  'site.registered': {
    valid: {
      siteId: 'bus-01',
      institutionNumber: '1311234569',
      kind: 'bus',
      name: '巡回1号車',
      plate: '品川 800 さ 12-34',
      registeredAt: '2026-11-24T08:00:00Z',
    },
    invalid: [
      [
        'site kind must be facility or bus',
        { siteId: 'bus-01', institutionNumber: '1311234569', kind: 'van', name: 'x', registeredAt: '2026-11-24T08:00:00Z' },
      ],
    ],
  },
  'device.suspended': {
    valid: { deviceId: 'dev-1', at: '2026-11-24T08:00:00Z', by: 'ops', reason: 'lost tablet' },
    invalid: [['reason is required', { deviceId: 'dev-1', at: '2026-11-24T08:00:00Z', by: 'ops' }]],
  },
  'device.retired': {
    valid: { deviceId: 'dev-1', at: '2026-11-24T08:00:00Z', by: 'ops', reason: 'end of life' },
    invalid: [['device id with a slash', { deviceId: 'dev/1', at: '2026-11-24T08:00:00Z', by: 'ops', reason: 'x' }]],
  },
  'device.credential-issued': {
    valid: { deviceId: 'dev-1', credentialId: 'cred-0001', signingKey: 'A'.repeat(43), issuedAt: '2026-11-24T08:00:00Z' },
    invalid: [
      [
        'signing key of the wrong length',
        { deviceId: 'dev-1', credentialId: 'cred-0001', signingKey: 'short', issuedAt: '2026-11-24T08:00:00Z' },
      ],
    ],
  },
  'device.credential-issued@2': {
    valid: {
      deviceId: 'dev-1',
      credentialId: 'cred-0001',
      sealedSigningKey: `v1.2027a.${'n'.repeat(16)}.${'c'.repeat(64)}`,
      issuedAt: '2026-11-24T08:00:00Z',
    },
    invalid: [
      [
        'the signing key in clear (v1 field)',
        { deviceId: 'dev-1', credentialId: 'cred-0001', signingKey: 'A'.repeat(43), issuedAt: '2026-11-24T08:00:00Z' },
      ],
      [
        'a sealed key without its key id',
        {
          deviceId: 'dev-1',
          credentialId: 'cred-0001',
          sealedSigningKey: `v1.${'n'.repeat(16)}.${'c'.repeat(64)}`,
          issuedAt: '2026-11-24T08:00:00Z',
        },
      ],
    ],
  },
  'device.offline': {
    valid: {
      deviceId: 'dev-1',
      siteId: 'bus-01',
      lastSeenAt: '2026-11-24T08:00:00Z',
      detectedAt: '2026-11-24T08:02:00Z',
      thresholdSeconds: 90,
    },
    invalid: [
      [
        'zero threshold',
        {
          deviceId: 'dev-1',
          siteId: 'bus-01',
          lastSeenAt: '2026-11-24T08:00:00Z',
          detectedAt: '2026-11-24T08:02:00Z',
          thresholdSeconds: 0,
        },
      ],
    ],
  },
  'device.online': {
    valid: { deviceId: 'dev-1', siteId: 'bus-01', stopId: 'stop-2', at: '2026-11-24T08:05:00Z' },
    invalid: [['time missing', { deviceId: 'dev-1', siteId: 'bus-01' }]],
  },
  'session.cancelled': {
    valid: { sessionId, by: 'operator-7', reason: 'visitor left', at: '2026-11-24T09:10:00Z' },
    invalid: [['who cancelled is required', { sessionId, reason: 'x', at: '2026-11-24T09:10:00Z' }]],
  },
  'session.expired': {
    valid: { sessionId, lastState: 'card-read', idleSeconds: 900, at: '2026-11-24T09:15:00Z' },
    invalid: [['negative idle time', { sessionId, lastState: 'opened', idleSeconds: -1, at: '2026-11-24T09:15:00Z' }]],
  },
  'session.method-recorded': {
    valid: { sessionId, method: 'eligibility-certificate', capturedAt: '2026-11-24T09:01:00Z' },
    invalid: [
      ['paper insurance cards are no longer a method', { sessionId, method: 'insurance-card', capturedAt: '2026-11-24T09:01:00Z' }],
    ],
  },
  'eligibility.retry': {
    valid: {
      request: { ...request, deviceId: 'dev-1', cardReference: 'card-000001-0a1b2c3d' },
      attempt: 2,
      notBefore: '2026-11-24T09:00:05Z',
      deadline: '2026-11-24T09:10:00Z',
      lastError: 'circuit open',
    },
    invalid: [
      [
        'attempt 0',
        {
          request: { ...request, deviceId: 'dev-1', cardReference: 'card-000001-0a1b2c3d' },
          attempt: 0,
          notBefore: '2026-11-24T09:00:05Z',
          deadline: '2026-11-24T09:10:00Z',
          lastError: 'x',
        },
      ],
    ],
  },
  'eligibility.retry@2': {
    valid: {
      request: {
        sessionId,
        institutionNumber: '1311234569',
        siteId: 'tokyo-central',
        purpose: 'specific-checkup',
        checkupDate: '2026-11-24',
        deviceId: 'dev-1',
        cardReference: 'card-000001-0a1b2c3d',
        voucher: {
          insurerNumber: '06139018',
          voucherNumber: '12345678901',
          voucherKind: 'checkup',
          validUntil: '2027-03-31',
          copayments: { basic: { kind: 'fixed', amount: 1000 } },
        },
      },
      attempt: 1,
      notBefore: '2026-11-24T09:00:05Z',
      deadline: '2026-11-24T09:10:00Z',
      lastError: 'circuit open',
    },
    invalid: [
      [
        'a v1 request (the voucher number alone)',
        {
          request: { ...request, deviceId: 'dev-1', cardReference: 'card-000001-0a1b2c3d' },
          attempt: 1,
          notBefore: '2026-11-24T09:00:05Z',
          deadline: '2026-11-24T09:10:00Z',
          lastError: 'x',
        },
      ],
    ],
  },
  'voucher.use-undone': {
    valid: { voucherNumber: '26001000001', sessionId, by: 'operator-3', reason: 'wrong visitor checked in', at: '2026-11-24T10:00:00Z' },
    invalid: [['reason is required', { voucherNumber: '26001000001', sessionId, by: 'operator-3', at: '2026-11-24T10:00:00Z' }]],
  },
  'qualification.transcribed': {
    valid: {
      request,
      method: 'myna-card-with-notice',
      eligibility: { insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤　太郎', birthDate: '1970-05-01' },
      transcribedAt: '2026-11-24T09:01:00Z',
    },
    invalid: [
      [
        'the My Number card is not an alternative',
        {
          request,
          method: 'mynumber-card',
          eligibility: { insurerNumber: '06139018', symbol: '1', number: '1', name: 'x', birthDate: '1970-05-01' },
          transcribedAt: '2026-11-24T09:01:00Z',
        },
      ],
    ],
  },
  'lookup.circuit-changed': {
    valid: {
      upstream: 'national-system',
      instance: 'qualification-lookup-1',
      state: 'open',
      previous: 'closed',
      consecutiveFailures: 5,
      cooldownMillis: 10000,
      at: '2026-11-24T09:00:00Z',
    },
    invalid: [
      [
        'an unknown state',
        {
          upstream: 'national-system',
          instance: 'q-1',
          state: 'broken',
          previous: 'closed',
          consecutiveFailures: 5,
          cooldownMillis: 10000,
          at: '2026-11-24T09:00:00Z',
        },
      ],
    ],
  },
  'operations.alert-raised': {
    valid: {
      alertId: 'device-offline:dev-1',
      kind: 'device-offline',
      severity: 'warning',
      scope: { deviceId: 'dev-1', siteId: 'site-1' },
      message: 'Device dev-1 is offline.',
      raisedAt: '2026-11-24T09:00:00Z',
    },
    invalid: [
      [
        'an unknown kind',
        { alertId: 'x:1', kind: 'disk-full', severity: 'warning', scope: {}, message: 'x', raisedAt: '2026-11-24T09:00:00Z' },
      ],
    ],
  },
  'operations.alert-cleared': {
    valid: { alertId: 'failure-rate:site-1', kind: 'failure-rate', scope: { siteId: 'site-1' }, clearedAt: '2026-11-24T09:10:00Z' },
    invalid: [['clearedAt is required', { alertId: 'failure-rate:site-1', kind: 'failure-rate', scope: {} }]],
  },
  'operations.alert-acknowledged': {
    valid: {
      alertId: 'device-offline:site-1',
      kind: 'device-offline',
      scope: { siteId: 'site-1' },
      by: 'operator-1',
      at: '2026-11-24T09:05:00+09:00',
      note: '会場に電話で確認中',
    },
    invalid: [['by is required', { alertId: 'device-offline:site-1', kind: 'device-offline', scope: {}, at: '2026-11-24T09:05:00Z' }]],
  },
  'operations.alert-resolved': {
    valid: {
      alertId: 'device-offline:site-1',
      kind: 'device-offline',
      scope: { siteId: 'site-1' },
      by: 'operator-1',
      at: '2026-11-24T09:20:00Z',
      note: 'タブレットを再起動した',
    },
    invalid: [
      ['a note is required', { alertId: 'device-offline:site-1', kind: 'device-offline', scope: {}, by: 'op', at: '2026-11-24T09:20:00Z' }],
    ],
  },
  'insurer.introduced': {
    valid: {
      onlineEligibilityCode: '9000000422',
      insurerNumber: '06139018',
      insurerName: '第1健康保険組合',
      facilities: [{ name: '健保会館健診室', address: '東京都千代田区霞が関1-2-2' }],
      plannedStartDate: '2026-12-01',
      filedAt: '2026-11-24T08:00:00Z',
      filedBy: 'ops',
      filedFor: '健康保険組合連合会',
    },
    invalid: [
      [
        'code with a hyphen',
        {
          onlineEligibilityCode: 'AB-1',
          insurerNumber: '06139018',
          insurerName: 'x',
          facilities: [{ name: 'x' }],
          plannedStartDate: '2026-12-01',
          filedAt: '2026-11-24T08:00:00Z',
          filedBy: 'ops',
        },
      ],
      [
        'no facility',
        {
          onlineEligibilityCode: 'AB1',
          insurerNumber: '06139018',
          insurerName: 'x',
          facilities: [],
          plannedStartDate: '2026-12-01',
          filedAt: '2026-11-24T08:00:00Z',
          filedBy: 'ops',
        },
      ],
    ],
  },
  'insurer.withdrawn': {
    valid: {
      onlineEligibilityCode: '9000000422',
      insurerNumber: '06139018',
      effectiveDate: '2027-04-01',
      effectiveFrom: '2027-03-31T15:00:00Z',
      filedAt: '2026-11-24T08:00:00Z',
      filedBy: 'ops',
      reason: 'stops running checkups',
    },
    invalid: [
      [
        'effective date missing',
        { onlineEligibilityCode: '9000000422', insurerNumber: '06139018', filedAt: '2026-11-24T08:00:00Z', filedBy: 'ops', reason: 'x' },
      ],
    ],
  },
  'site.registered@2': {
    valid: {
      siteId: 'hall',
      onlineEligibilityCode: '9000000422',
      kind: 'facility',
      name: '健保会館',
      registeredAt: '2026-11-24T08:00:00Z',
    },
    invalid: [
      ['no operator', { siteId: 'hall', kind: 'facility', name: 'x', registeredAt: '2026-11-24T08:00:00Z' }],
      [
        'both operators',
        {
          siteId: 'hall',
          institutionNumber: '1311234569',
          onlineEligibilityCode: 'A1',
          kind: 'facility',
          name: 'x',
          registeredAt: '2026-11-24T08:00:00Z',
        },
      ],
    ],
  },
  'site.itinerary-planned': {
    valid: {
      siteId: 'bus-01',
      itinerary: [
        { stopId: 'stop-1', name: '市民会館', date: '2026-11-25', from: '09:00', to: '12:00' },
        { stopId: 'stop-2', name: '駅前広場', date: '2026-11-25', from: '13:00', to: '16:00' },
      ],
      plannedAt: '2026-11-24T08:00:00Z',
    },
    invalid: [
      [
        'a stop without hours',
        { siteId: 'bus-01', itinerary: [{ stopId: 's', name: 'x', date: '2026-11-25' }], plannedAt: '2026-11-24T08:00:00Z' },
      ],
      [
        'an hour past 23:59',
        {
          siteId: 'bus-01',
          itinerary: [{ stopId: 's', name: 'x', date: '2026-11-25', from: '24:00', to: '25:00' }],
          plannedAt: '2026-11-24T08:00:00Z',
        },
      ],
    ],
  },
  'session.opened@2': {
    valid: {
      sessionId,
      deviceId: 'bus-01-tab-1',
      institutionNumber: '1311234569',
      siteId: 'bus-01',
      stopId: 'stop-2',
      purpose: 'comprehensive-checkup',
      checkupDate: '2026-11-24',
      openedAt: '2026-11-24T09:00:00Z',
      linkedSessionId: '5d1c7a6e-0b2f-4c3d-8e9f-1a2b3c4d5e6f',
      withoutVoucher: true,
    },
    invalid: [
      [
        'stopId is required',
        {
          sessionId,
          deviceId: 'd',
          institutionNumber: '1311234569',
          siteId: 's',
          purpose: 'specific-checkup',
          checkupDate: '2026-11-24',
          openedAt: '2026-11-24T09:00:00Z',
        },
      ],
      [
        'linkedSessionId is a uuid',
        {
          sessionId,
          deviceId: 'd',
          institutionNumber: '1311234569',
          siteId: 's',
          stopId: 's',
          purpose: 'specific-checkup',
          checkupDate: '2026-11-24',
          openedAt: '2026-11-24T09:00:00Z',
          linkedSessionId: 'x',
        },
      ],
    ],
  },
  'device.registered@2': {
    valid: {
      deviceId: 'dev-1',
      institutionNumber: '3410712362',
      siteId: 'site-1',
      kind: 'tablet',
      requestedBy: 'ops',
      cardReader: { model: 'RC-S300', serial: 'SN0001' },
      portalRegistrationReference: 'REG-000123',
    },
    invalid: [
      ['no operator', { deviceId: 'dev-1', siteId: 'site-1', kind: 'tablet', requestedBy: 'ops' }],
      [
        'reader without serial',
        { deviceId: 'dev-1', institutionNumber: '3410712362', siteId: 's', kind: 'pc', requestedBy: 'ops', cardReader: { model: 'x' } },
      ],
    ],
  },
  'device.activated@2': {
    valid: {
      deviceId: 'dev-1',
      onlineEligibilityCode: '9000000422',
      siteId: 'hall',
      kind: 'pc',
      activatedAt: '2026-11-24T08:00:00Z',
      activatedBy: 'ops',
    },
    invalid: [
      [
        'an institution number instead of the code',
        {
          deviceId: 'dev-1',
          institutionNumber: '1311234569',
          siteId: 'hall',
          kind: 'pc',
          activatedAt: '2026-11-24T08:00:00Z',
          activatedBy: 'ops',
        },
      ],
    ],
  },
  'session.card-read@2': {
    valid: {
      sessionId,
      identityCheck: 'visual',
      checkedBy: 'staff-suzuki',
      afterPinLock: true,
      eligibilitySource: 'device-reported',
      stopId: 'tokyo-central',
      readAt: '2026-11-24T09:01:00Z',
    },
    invalid: [
      [
        'a 目視確認 without its staff member',
        {
          sessionId,
          identityCheck: 'visual',
          afterPinLock: false,
          eligibilitySource: 'device-reported',
          stopId: 's',
          readAt: '2026-11-24T09:01:00Z',
        },
      ],
      [
        'an unknown identity check',
        {
          sessionId,
          identityCheck: 'fingerprint',
          afterPinLock: false,
          eligibilitySource: 'card-reference',
          stopId: 's',
          readAt: '2026-11-24T09:01:00Z',
        },
      ],
    ],
  },
  'session.card-problem': {
    valid: {
      sessionId,
      problem: 'certificate-expired',
      nextSteps: ['renew-card-at-municipality', 'present-alternative-document'],
      stopId: 'tokyo-central',
      reportedAt: '2026-11-24T09:01:00Z',
    },
    invalid: [
      ['an unknown problem', { sessionId, problem: 'wet', nextSteps: ['re-read-card'], stopId: 's', reportedAt: '2026-11-24T09:01:00Z' }],
      ['no next step', { sessionId, problem: 'unreadable', nextSteps: [], stopId: 's', reportedAt: '2026-11-24T09:01:00Z' }],
    ],
  },
  'session.settlement-requested': {
    valid: {
      sessionId,
      deviceId: 'tablet-01',
      siteId: 'tokyo-central',
      stopId: 'tokyo-central',
      outcome: 'member-mismatch',
      requestedBy: 'staff-suzuki',
      requestedAt: '2026-11-24T09:03:00Z',
    },
    invalid: [
      [
        'a matched outcome is never settled',
        { sessionId, deviceId: 'd', siteId: 's', stopId: 's', outcome: 'matched', requestedAt: '2026-11-24T09:03:00Z' },
      ],
      ['when is required', { sessionId, deviceId: 'd', siteId: 's', stopId: 's', outcome: 'needs-manual-check' }],
    ],
  },
  'session.identity-verified': {
    valid: {
      sessionId,
      method: 'mynumber-card-presented',
      checkedBy: 'staff-suzuki',
      stopId: 'tokyo-central',
      verifiedAt: '2026-11-24T09:02:00Z',
    },
    invalid: [
      ['who checked is required', { sessionId, method: 'mynumber-card-presented', stopId: 's', verifiedAt: '2026-11-24T09:02:00Z' }],
      [
        'online eligibility is not an identity method',
        { sessionId, method: 'online-eligibility', checkedBy: 'x', stopId: 's', verifiedAt: '2026-11-24T09:02:00Z' },
      ],
    ],
  },
  'session.voucher-presented@3': {
    valid: {
      sessionId,
      voucher: { insurerNumber: '06139018', voucherNumber: '12345678901', voucherKind: 'checkup', validUntil: '2027-03-31' },
      stopId: 'tokyo-central',
    },
    invalid: [
      [
        'stopId is required',
        {
          sessionId,
          voucher: { insurerNumber: '06139018', voucherNumber: '12345678901', voucherKind: 'checkup', validUntil: '2027-03-31' },
        },
      ],
    ],
  },
  'session.method-recorded@2': {
    valid: { sessionId, method: 'health-insurance-card', capturedAt: '2026-11-24T09:00:00Z', stopId: 'stop-2' },
    invalid: [
      [
        'the card read is not an alternative method here either',
        { sessionId, method: 'paper', capturedAt: '2026-11-24T09:00:00Z', stopId: 's' },
      ],
      ['stopId is required', { sessionId, method: 'mynaportal-screen', capturedAt: '2026-11-24T09:00:00Z' }],
    ],
  },
  'session.cancelled@2': {
    valid: { sessionId, by: 'op-1', reason: 'visitor left', stopId: 'tokyo-central', at: '2026-11-24T09:05:00Z' },
    invalid: [['stopId is required', { sessionId, by: 'op-1', reason: 'visitor left', at: '2026-11-24T09:05:00Z' }]],
  },
  'session.expired@2': {
    valid: { sessionId, lastState: 'opened', idleSeconds: 900, stopId: 'tokyo-central', at: '2026-11-24T09:15:00Z' },
    invalid: [['stopId is required', { sessionId, lastState: 'opened', idleSeconds: 900, at: '2026-11-24T09:15:00Z' }]],
  },
  'session.completed@4': {
    valid: {
      sessionId,
      outcome: 'matched',
      source: 'online',
      stopId: 'tokyo-central',
      completedAt: '2026-11-24T09:00:04Z',
      elapsedMillis: 4000,
    },
    invalid: [['stopId is required', { sessionId, outcome: 'matched', completedAt: '2026-11-24T09:00:04Z', elapsedMillis: 4000 }]],
  },
  'eligibility.requested@3': {
    valid: {
      sessionId,
      deviceId: 'dev-1',
      institutionNumber: '1311234569',
      siteId: 'tokyo-central',
      stopId: 'tokyo-central',
      purpose: 'comprehensive-checkup',
      checkupDate: '2026-11-24',
      identityCheck: 'pin',
      reported: {
        validity: 'valid',
        insurerNumber: '06139018',
        symbol: '1234',
        number: '0012345',
        branch: '00',
        name: '佐藤　太郎',
        birthDate: '1970-05-01',
        confirmedAt: '2026-11-24T09:00:30+09:00',
      },
    },
    invalid: [
      [
        'both a card reference and a reported answer',
        {
          ...requestV2,
          deviceId: 'dev-1',
          stopId: 's',
          identityCheck: 'pin',
          cardReference: 'card-000001-0a1b2c3d',
          reported: { validity: 'no-match', confirmedAt: '2026-11-24T09:00:30+09:00' },
        },
      ],
      ['neither', { ...requestV2, deviceId: 'dev-1', stopId: 's', identityCheck: 'pin' }],
      [
        'no voucher for a 特定健診',
        { ...requestV2, voucher: undefined, deviceId: 'dev-1', stopId: 's', identityCheck: 'pin', cardReference: 'card-000001-0a1b2c3d' },
      ],
    ],
  },
  'qualification.transcribed@3': {
    valid: {
      request: { ...requestV2, stopId: 'stop-2' },
      method: 'health-insurance-card',
      eligibility: { insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤　太郎', birthDate: '1970-05-01' },
      transcribedAt: '2026-11-24T09:00:02Z',
      capturedAt: '2026-11-24T08:40:00Z',
    },
    invalid: [
      [
        'an unknown method',
        {
          request: { ...requestV2, stopId: 's' },
          method: 'passport',
          eligibility: { insurerNumber: '06139018', symbol: '1', number: '2', name: 'x', birthDate: '1970-05-01' },
          transcribedAt: '2026-11-24T09:00:02Z',
        },
      ],
      [
        'no voucher for a 特定健診',
        {
          request: { ...requestV2, voucher: undefined, stopId: 's' },
          method: 'eligibility-certificate',
          eligibility: { insurerNumber: '06139018', symbol: '1', number: '2', name: 'x', birthDate: '1970-05-01' },
          transcribedAt: '2026-11-24T09:00:02Z',
        },
      ],
    ],
  },
  'qualification.resolved@3': {
    valid: {
      request: { ...requestV2, purpose: 'comprehensive-checkup', voucher: undefined, stopId: 'stop-2' },
      result: { status: 'eligible', qualification },
      answeredBy: 'device-reported',
      resolvedAt: '2026-11-24T09:00:02Z',
      upstreamMillis: 0,
    },
    invalid: [
      [
        'no voucher for a 特定健診',
        {
          request: { ...requestV2, voucher: undefined, stopId: 'stop-2' },
          result: { status: 'not-found' },
          resolvedAt: '2026-11-24T09:00:02Z',
          upstreamMillis: 0,
        },
      ],
      ['no stop', { request: requestV2, result: { status: 'not-found' }, resolvedAt: '2026-11-24T09:00:02Z', upstreamMillis: 0 }],
    ],
  },
  'eligibility.retry@3': {
    valid: {
      request: {
        ...requestV2,
        deviceId: 'dev-1',
        stopId: 'stop-2',
        identityCheck: 'visual',
        cardReference: 'card-000001-0a1b2c3d',
      },
      attempt: 1,
      notBefore: '2026-11-24T09:00:05Z',
      deadline: '2026-11-24T09:10:00Z',
      lastError: 'circuit open',
    },
    invalid: [
      [
        'a v2 request without the stop',
        {
          request: { ...requestV2, deviceId: 'dev-1', cardReference: 'card-000001-0a1b2c3d' },
          attempt: 1,
          notBefore: '2026-11-24T09:00:05Z',
          deadline: '2026-11-24T09:10:00Z',
          lastError: 'x',
        },
      ],
    ],
  },
  'session.opened@3': {
    valid: {
      sessionId,
      deviceId: 'hall-pc-1',
      onlineEligibilityCode: insurerCode,
      siteId: 'hall',
      stopId: 'hall',
      purpose: 'specific-checkup',
      checkupDate: '2026-11-24',
      openedAt: '2026-11-24T09:00:00Z',
    },
    invalid: [
      [
        'both operators',
        {
          sessionId,
          deviceId: 'd',
          institutionNumber: '1311234569',
          onlineEligibilityCode: insurerCode,
          siteId: 's',
          stopId: 's',
          purpose: 'specific-checkup',
          checkupDate: '2026-11-24',
          openedAt: '2026-11-24T09:00:00Z',
        },
      ],
      [
        'no operator',
        {
          sessionId,
          deviceId: 'd',
          siteId: 's',
          stopId: 's',
          purpose: 'specific-checkup',
          checkupDate: '2026-11-24',
          openedAt: '2026-11-24T09:00:00Z',
        },
      ],
    ],
  },
  'eligibility.requested@4': {
    valid: {
      ...insurerRequest,
      deviceId: 'hall-pc-1',
      identityCheck: 'pin',
      reported: { validity: 'no-match', confirmedAt: '2026-11-24T09:00:30+09:00' },
    },
    invalid: [
      [
        'the code as an institution number',
        {
          ...insurerRequest,
          onlineEligibilityCode: undefined,
          institutionNumber: insurerCode,
          deviceId: 'hall-pc-1',
          identityCheck: 'pin',
          reported: { validity: 'no-match', confirmedAt: '2026-11-24T09:00:30+09:00' },
        },
      ],
      ['neither a report nor a card reference', { ...insurerRequest, deviceId: 'hall-pc-1', identityCheck: 'pin' }],
    ],
  },
  'eligibility.retry@4': {
    valid: {
      request: { ...insurerRequest, deviceId: 'hall-pc-1', identityCheck: 'pin', cardReference: 'card-000001-0a1b2c3d' },
      attempt: 1,
      notBefore: '2026-11-24T09:00:05Z',
      deadline: '2026-11-24T09:10:00Z',
      lastError: 'circuit open',
    },
    invalid: [
      [
        'a request with no operator',
        {
          request: {
            ...insurerRequest,
            onlineEligibilityCode: undefined,
            deviceId: 'hall-pc-1',
            identityCheck: 'pin',
            cardReference: 'card-000001-0a1b2c3d',
          },
          attempt: 1,
          notBefore: '2026-11-24T09:00:05Z',
          deadline: '2026-11-24T09:10:00Z',
          lastError: 'x',
        },
      ],
    ],
  },
  'qualification.resolved@4': {
    valid: {
      request: insurerRequest,
      result: { status: 'eligible', qualification },
      answeredBy: 'device-reported',
      resolvedAt: '2026-11-24T09:00:02Z',
      upstreamMillis: 0,
    },
    invalid: [
      [
        'both operators',
        {
          request: { ...insurerRequest, institutionNumber: '1311234569' },
          result: { status: 'not-found' },
          resolvedAt: '2026-11-24T09:00:02Z',
          upstreamMillis: 0,
        },
      ],
    ],
  },
  'qualification.transcribed@4': {
    valid: {
      request: insurerRequest,
      method: 'eligibility-certificate',
      eligibility: { insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤　太郎', birthDate: '1970-05-01' },
      transcribedAt: '2026-11-24T09:00:02Z',
    },
    invalid: [
      [
        'no operator',
        {
          request: { ...insurerRequest, onlineEligibilityCode: undefined },
          method: 'eligibility-certificate',
          eligibility: { insurerNumber: '06139018', symbol: '1', number: '2', name: 'x', birthDate: '1970-05-01' },
          transcribedAt: '2026-11-24T09:00:02Z',
        },
      ],
    ],
  },
  'verification.outcome@4': {
    valid: {
      ...outcomeV3,
      institutionNumber: undefined,
      onlineEligibilityCode: insurerCode,
      outcome: 'voucher-already-used',
      firstUse: { siteId: 'hall', onlineEligibilityCode: insurerCode, at: '2026-11-20T09:00:00Z' },
    },
    invalid: [
      ['both operators', { ...outcomeV3, onlineEligibilityCode: insurerCode }],
      ['a first use naming no operator', { ...outcomeV3, firstUse: { siteId: 'hall', at: '2026-11-20T09:00:00Z' } }],
    ],
  },
  'device.card-reader-changed': {
    valid: {
      deviceId: 'dev-1',
      cardReader: { model: 'RC-S300', serial: 'SN0002' },
      previous: { model: 'RC-S300', serial: 'SN0001' },
      at: '2026-11-24T08:00:00Z',
      by: 'ops',
      reason: 'reader broken',
    },
    invalid: [['no reader', { deviceId: 'dev-1', at: '2026-11-24T08:00:00Z', by: 'ops' }]],
  },
  'tour.readiness-checked': {
    valid: {
      busId: 'bus-01',
      tourDate: '2026-11-25',
      deviceId: 'dev-1',
      checkedAt: '2026-11-25T07:30:00Z',
      checks: [
        { check: 'device-active', state: 'green' },
        { check: 'clock', state: 'red', reason: 'the device clock is 300 s ahead (tolerance 120 s)' },
        { check: 'reader', state: 'green' },
        { check: 'national-system', state: 'green' },
        { check: 'stops', state: 'green' },
      ],
      tourReady: false,
    },
    invalid: [
      [
        'no checks',
        { busId: 'bus-01', tourDate: '2026-11-25', deviceId: 'dev-1', checkedAt: '2026-11-25T07:30:00Z', checks: [], tourReady: false },
      ],
      [
        'a check named outside the list',
        {
          busId: 'bus-01',
          tourDate: '2026-11-25',
          deviceId: 'dev-1',
          checkedAt: '2026-11-25T07:30:00Z',
          checks: [{ check: 'not-checked', state: 'red' }],
          tourReady: false,
        },
      ],
      [
        'a tour day that is not a date',
        {
          busId: 'bus-01',
          tourDate: '2026-11-25T00:00:00Z',
          deviceId: 'dev-1',
          checkedAt: '2026-11-25T07:30:00Z',
          checks: [{ check: 'clock', state: 'green' }],
          tourReady: true,
        },
      ],
    ],
  },
  'tour.marked-ready': {
    valid: {
      busId: 'bus-01',
      tourDate: '2026-11-25',
      markedReadyAt: '2026-11-25T07:35:00Z',
      markedReadyBy: 'dev-1',
      deviceIds: ['dev-1', 'dev-2'],
    },
    invalid: [
      [
        'no devices',
        { busId: 'bus-01', tourDate: '2026-11-25', markedReadyAt: '2026-11-25T07:35:00Z', markedReadyBy: 'dev-1', deviceIds: [] },
      ],
      ['nobody marked it', { busId: 'bus-01', tourDate: '2026-11-25', markedReadyAt: '2026-11-25T07:35:00Z', deviceIds: ['dev-1'] }],
    ],
  },
};

export function envelopeFor(contract: EventContract, data: unknown, overrides: Record<string, unknown> = {}) {
  return {
    id: 'a3e0f6de-2b8f-4c1e-9d8c-2f7e5b1c0d9e',
    type: contract.type,
    version: contract.version,
    time: '2026-11-24T09:00:00.000Z',
    source: 'card-session',
    subject: sessionId,
    correlationId: 'corr-1',
    data,
    ...overrides,
  };
}

/** Examples are keyed by type, and `type@version` from version 2 on. */
export const exampleKey = (c: EventContract) => (c.version === 1 ? c.type : `${c.type}@${c.version}`);

export const CONTRACTS_WITHOUT_EXAMPLES = ALL_EVENT_CONTRACTS.filter((c) => !EVENT_EXAMPLES[exampleKey(c)]).map((c) => c.topic);
