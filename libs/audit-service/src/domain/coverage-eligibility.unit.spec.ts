import { VerificationOutcomeKindV3 } from '@hcv/contracts';
import { fhirR4Problems } from '@hcv/testing';
import type { SessionStory } from './session-story';
import {
  coverageEligibilityResponse,
  fhirOutcomeOf,
  inforceOf,
  INSTITUTION_NUMBER_SYSTEM,
  INSURER_NUMBER_SYSTEM,
  ONLINE_ELIGIBILITY_CODE_SYSTEM,
  OUTCOME_CODE_SYSTEM,
  OUTCOME_DISPLAY,
  searchsetBundle,
  SESSION_ID_SYSTEM,
} from './coverage-eligibility';

jest.setTimeout(60_000); // compiling the R4 schema takes a few seconds on a busy machine

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SESSION = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const base: SessionStory = {
  sessionId: SESSION,
  complete: true,
  deviceId: 'facility-01-dev-1',
  institutionNumber: '1321234567',
  siteId: 'facility-01',
  purpose: 'specific-checkup',
  checkupDate: '2026-11-24',
  method: 'mynumber-card',
  identityCheck: 'pin',
  nationalSystem: { status: 'eligible', upstreamMillis: 40, resolvedAt: '2026-11-24T01:00:02.000Z' },
  voucherNumber: '26001000001',
  insurerNumber: '06139018',
  openedAt: '2026-11-24T01:00:00.000Z',
  completedAt: '2026-11-24T01:00:04.000Z',
  timeline: [{ time: '2026-11-24T01:00:00.000Z', type: 'session.opened', version: 1, source: 'card-session', eventId: 'e1' }],
};
const withOutcome = (kind: string, over: Partial<SessionStory> = {}): SessionStory => ({
  ...base,
  outcome: { kind, reason: `reason for ${kind}`, decidedAt: '2026-11-24T01:00:03.000Z' },
  ...over,
});
const nationalFor: Record<string, SessionStory['nationalSystem']> = {
  'eligibility-lost': { status: 'lost', lostOn: '2026-10-01' },
  'no-qualification': { status: 'not-found' },
  'needs-manual-check': { status: 'unavailable', reason: 'timeout' },
};

/** What each outcome kind becomes, from an online answer: [outcome, inforce, error code]. */
const EXPECTED: Record<string, [string, boolean | undefined, string | undefined]> = {
  'matched-after-settlement': ['complete', true, undefined],
  'voucher-kind-mismatch': ['error', true, 'voucher-kind-mismatch'],
  'guidance-level-not-covered': ['error', true, 'guidance-level-not-covered'],
  'coordinator-mismatch': ['error', true, 'coordinator-mismatch'],
  'voucher-differs-from-record': ['error', true, 'voucher-differs-from-record'],
  'changed-insurer': ['error', true, 'changed-insurer'],
  'insurer-confirmed': ['complete', true, undefined],
  matched: ['complete', true, undefined],
  'insurer-mismatch': ['error', true, 'insurer-mismatch'],
  'member-mismatch': ['error', true, 'member-mismatch'],
  'voucher-not-found': ['error', true, 'voucher-not-found'],
  'voucher-expired': ['error', true, 'voucher-expired'],
  'voucher-not-yet-valid': ['error', true, 'voucher-not-yet-valid'],
  'voucher-already-used': ['error', true, 'voucher-already-used'],
  'eligibility-lost': ['error', false, 'eligibility-lost'],
  'no-qualification': ['error', undefined, 'no-qualification'],
  'needs-manual-check': ['partial', undefined, 'needs-manual-check'],
  'not-contracted': ['error', true, 'not-contracted'],
};

describe('FHIR R4 CoverageEligibilityResponse of a verification', () => {
  it('covers every outcome kind the contracts define', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...VerificationOutcomeKindV3.options].sort());
    for (const kind of VerificationOutcomeKindV3.options) expect(OUTCOME_DISPLAY[kind]).toBeDefined();
  });

  it.each(Object.entries(EXPECTED))(
    'maps %s to outcome, inforce and error code, valid against the R4 schema',
    (kind, [outcome, inforce, code]) => {
      const story = withOutcome(kind, nationalFor[kind] ? { nationalSystem: nationalFor[kind] } : {});
      const r = coverageEligibilityResponse(story, { auditor: false }) as Json;
      expect(fhirR4Problems(r)).toEqual([]);
      expect(r.outcome).toBe(outcome);
      expect(r.insurance?.[0]?.inforce).toBe(inforce);
      expect(r.error?.[0]?.code.coding[0]).toEqual(
        code ? { system: OUTCOME_CODE_SYSTEM, code, display: OUTCOME_DISPLAY[code] } : undefined,
      );
      expect(r.disposition).toBe(
        kind === 'matched-after-settlement' ? `Matched after settlement: settled. reason for ${kind}` : `reason for ${kind}`,
      );
      expect(r.created).toBe('2026-11-24T01:00:03.000Z');
    },
  );

  it('answers the request it contains, echoing the session id (X12-style trace echo)', () => {
    const r = coverageEligibilityResponse(withOutcome('matched'), { auditor: false }) as Json;
    const request = r.contained.find((c: Json) => c.resourceType === 'CoverageEligibilityRequest');
    expect(r.request).toEqual({
      reference: '#request',
      type: 'CoverageEligibilityRequest',
      identifier: { system: SESSION_ID_SYSTEM, value: SESSION },
    });
    expect(request).toMatchObject({
      id: 'request',
      identifier: [{ system: SESSION_ID_SYSTEM, value: SESSION }],
      purpose: ['validation'],
      servicedDate: '2026-11-24',
      created: '2026-11-24T01:00:00.000Z',
      status: 'active',
    });
    expect(request.facility).toEqual({
      type: 'Location',
      identifier: { system: expect.stringContaining('/sid/site'), value: 'facility-01' },
    });
    expect(r.insurer).toEqual({ reference: '#insurer' });
    expect(r.contained.find((c: Json) => c.id === 'insurer')).toEqual({
      resourceType: 'Organization',
      id: 'insurer',
      identifier: [{ system: INSURER_NUMBER_SYSTEM, value: '06139018' }],
    });
    // the visitor: an empty contained Patient, referenced, nothing about the person
    expect(r.patient).toEqual({ reference: '#visitor' });
    expect(r.contained.find((c: Json) => c.resourceType === 'Patient')).toEqual({ resourceType: 'Patient', id: 'visitor' });
  });

  it('names the operator: the checkup institution, or an insurer running checkups itself by its code, never as an institution', () => {
    const byInstitution = coverageEligibilityResponse(withOutcome('matched'), { auditor: false }) as Json;
    expect(byInstitution.requestor).toEqual({ reference: '#institution' });
    expect(byInstitution.contained.find((c: Json) => c.id === 'institution').identifier).toEqual([
      { system: INSTITUTION_NUMBER_SYSTEM, value: '1321234567' },
    ]);

    // 限定型 at the insurer: its own device, its own session (session.opened v3 names its code)
    const { institutionNumber: _none, ...insurerStory } = withOutcome('matched', {
      onlineEligibilityCode: 'C1000123',
      siteId: 'insurer-site-1',
    });
    const r = coverageEligibilityResponse(insurerStory, { auditor: false }) as Json;
    expect(fhirR4Problems(r)).toEqual([]);
    const request = r.contained.find((c: Json) => c.resourceType === 'CoverageEligibilityRequest');
    expect(r.requestor).toEqual({ reference: '#operator' });
    expect(request.provider).toEqual({ reference: '#operator' });
    const operator = r.contained.find((c: Json) => c.id === 'operator');
    expect(operator).toMatchObject({
      resourceType: 'Organization',
      identifier: [{ system: ONLINE_ELIGIBILITY_CODE_SYSTEM, value: 'C1000123' }],
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'pay' }] }],
    });
    expect(r.contained.find((c: Json) => c.id === 'institution')).toBeUndefined();
    // the visitor's insurer stays its own Organization, by its 保険者番号
    expect(r.insurer).toEqual({ reference: '#insurer' });
  });

  it('keeps the purpose validation for 人間ドック too, with the exact purpose, method and device in extensions', () => {
    const r = coverageEligibilityResponse(withOutcome('matched', { purpose: 'comprehensive-checkup' }), { auditor: false }) as Json;
    expect(r.purpose).toEqual(['validation']);
    const ext = Object.fromEntries(
      r.contained[0].extension.map((e: Json) => [e.url.split('/').pop(), e.valueCode ?? e.valueIdentifier.value]),
    );
    expect(ext).toEqual({
      'checkup-purpose': 'comprehensive-checkup',
      'eligibility-method': 'mynumber-card',
      'identity-check': 'pin',
      'registered-device': 'facility-01-dev-1',
    });
  });

  it('shows the voucher number to auditors only, and never a personal field', () => {
    const forOperator = JSON.stringify(coverageEligibilityResponse(withOutcome('matched'), { auditor: false }));
    const forAuditor = JSON.stringify(coverageEligibilityResponse(withOutcome('matched'), { auditor: true }));
    expect(forOperator).not.toContain('26001000001');
    expect(forAuditor).toContain('26001000001');
    for (const personal of ['symbol', 'birthDate', '"name"', 'subscriber', 'hmac:']) expect(forAuditor).not.toContain(personal);
  });

  it('never answers a transcribed document as if the insurer had: partial, no inforce, the disposition says so', () => {
    const story = withOutcome('matched', {
      method: 'eligibility-certificate',
      identityCheck: undefined,
      nationalSystem: { status: 'not-asked (alternative method)' },
    });
    expect(inforceOf(story)).toBeUndefined();
    const r = coverageEligibilityResponse(story, { auditor: false }) as Json;
    expect(fhirR4Problems(r)).toEqual([]);
    expect(r.outcome).toBe('partial');
    expect(r.insurance).toBeUndefined();
    expect(r.error).toBeUndefined();
    expect(r.disposition).toContain('オンライン資格確認ではありません（書類の転記）');
    expect(r.disposition).toContain('Not verified online');
    expect(r.extension).toEqual([
      { url: expect.stringContaining('/eligibility-source'), valueCode: 'transcribed' },
      { url: expect.stringContaining('/verified-online'), valueBoolean: false },
    ]);
    // a v3 outcome says it itself; a lost qualification on the document is still not in force
    const v3 = withOutcome('matched', { outcome: { kind: 'matched', reason: 'matched', verifiedOnline: false, source: 'transcribed' } });
    expect(coverageEligibilityResponse(v3, { auditor: false })).toMatchObject({ outcome: 'partial' });
    expect(inforceOf({ ...story, outcome: { kind: 'eligibility-lost' } })).toBe(false);
  });

  it('answers an online match as complete and in force, saying it was verified online', () => {
    const r = coverageEligibilityResponse(
      withOutcome('matched', { outcome: { kind: 'matched', reason: 'ok', verifiedOnline: true, source: 'online' } }),
      { auditor: false },
    ) as Json;
    expect(r).toMatchObject({ outcome: 'complete', insurance: [{ inforce: true }], disposition: 'ok' });
    expect(r.extension).toContainEqual({ url: expect.stringContaining('/verified-online'), valueBoolean: true });
  });

  it('says a match after a settlement is one: who settled, how, and what it settled', () => {
    const story = withOutcome('matched-after-settlement', {
      outcome: {
        kind: 'matched-after-settlement',
        reason: 'Staff settled the member mismatch.',
        verifiedOnline: true,
        source: 'online',
        settlement: { kind: 'same-person', by: 'operator-3', at: '2026-11-24T02:00:00.000Z' },
        settledFrom: 'member-mismatch',
      },
    });
    const r = coverageEligibilityResponse(story, { auditor: false }) as Json;
    expect(fhirR4Problems(r)).toEqual([]);
    expect(r.outcome).toBe('complete');
    expect(r.error).toBeUndefined();
    expect(r.disposition).toBe(
      'Matched after settlement (was member-mismatch): judged the same person by operator-3 at 2026-11-24T02:00:00.000Z. Staff settled the member mismatch.',
    );
    expect(r.extension).toContainEqual({ url: expect.stringContaining('/settlement'), valueCode: 'same-person' });
    // settled on a transcribed document: still not complete
    const onPaper = { ...story, outcome: { ...story.outcome!, verifiedOnline: false, source: 'transcribed' } };
    const paper = coverageEligibilityResponse(onPaper, { auditor: false }) as Json;
    expect(paper.outcome).toBe('partial');
    expect(paper.disposition).toContain('オンライン資格確認ではありません');
  });

  it('gives a session without outcome: queued while in flight, error when cancelled or expired', () => {
    const inFlight = { ...base, complete: false, nationalSystem: undefined, completedAt: undefined, insurerNumber: undefined };
    const queued = coverageEligibilityResponse(inFlight, { auditor: false }) as Json;
    expect(fhirR4Problems(queued)).toEqual([]);
    expect(queued).toMatchObject({
      outcome: 'queued',
      status: 'active',
      insurer: { display: 'insurer not determined' },
      disposition: expect.stringContaining('in progress'),
    });
    expect(queued.error).toBeUndefined();
    expect(queued.insurance).toBeUndefined();

    const cancelled = coverageEligibilityResponse(
      { ...inFlight, cancelled: { by: 'desk-7', reason: 'visitor left' } },
      { auditor: false },
    ) as Json;
    expect(fhirR4Problems(cancelled)).toEqual([]);
    expect(cancelled).toMatchObject({
      outcome: 'error',
      status: 'cancelled',
      error: [{ code: { coding: [{ code: 'session-cancelled' }] } }],
    });
    expect(cancelled.contained[0].status).toBe('cancelled');
    expect(fhirOutcomeOf({ expired: true })).toBe('error');
    expect(coverageEligibilityResponse({ ...inFlight, expired: true }, { auditor: false })).toMatchObject({
      error: [{ code: { coding: [{ code: 'session-expired' }] } }],
    });
  });

  it('wraps search results in a valid searchset Bundle', () => {
    const bundle = searchsetBundle(
      [coverageEligibilityResponse(withOutcome('matched'), { auditor: false })],
      'http://127.0.0.1/fhir/CoverageEligibilityResponse?site=facility-01',
    ) as Json;
    expect(fhirR4Problems(bundle)).toEqual([]);
    expect(bundle).toMatchObject({
      type: 'searchset',
      total: 1,
      entry: [{ fullUrl: `http://127.0.0.1/fhir/CoverageEligibilityResponse/${SESSION}`, search: { mode: 'match' } }],
    });
  });

  describe('the schema check fails when a mandatory element is missing', () => {
    const valid = () => coverageEligibilityResponse(withOutcome('matched'), { auditor: false }) as Json;
    it.each(['request', 'patient', 'insurer', 'outcome', 'status', 'created', 'purpose'])('without %s', (element) => {
      const r = valid();
      delete r[element];
      expect(fhirR4Problems(r).join('\n')).toContain(element);
    });
    it('in the contained request, and on a wrong code or an unknown element', () => {
      const r = valid();
      delete r.contained[0].insurer;
      expect(fhirR4Problems(r).length).toBeGreaterThan(0);
      const noStatus = valid();
      delete noStatus.contained[0].status;
      expect(fhirR4Problems(noStatus)).toEqual(['contained[0].status: mandatory element missing']);
      expect(fhirR4Problems({ ...valid(), outcome: 'matched' }).join()).toContain('outcome');
      expect(fhirR4Problems({ ...valid(), subscriberNumber: '0012345' }).join()).toContain('additional properties');
      const badError = valid();
      badError.error = [{}];
      expect(fhirR4Problems(badError).join()).toContain('code');
    });
  });
});
