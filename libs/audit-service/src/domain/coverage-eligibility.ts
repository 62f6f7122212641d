import type { SessionStory } from './session-story';

/**
 * The FHIR R4 view of a verification: one session's outcome as a CoverageEligibilityResponse, with
 * the CoverageEligibilityRequest it answers contained in it (and referenced as `#request`, its
 * identifier echoing the session id as X12 271 echoes the 270's trace number). Pure: a session
 * story in, a resource out. Nothing personal goes out: no name, birth date, 記号・番号・枝番 (the
 * insurance numbers are omitted for every role), the visitor is an empty contained Patient, and the
 * checkup voucher number only for auditors.
 */

/** The media type of every FHIR answer. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Where our own code systems and identifier systems live (local canonical URLs, not resolvable). */
export const FHIR_LOCAL_BASE = 'https://fhir.hcv.example';
export const OUTCOME_CODE_SYSTEM = `${FHIR_LOCAL_BASE}/CodeSystem/verification-outcome`;
export const SESSION_ID_SYSTEM = `${FHIR_LOCAL_BASE}/sid/verification-session`;
export const INSTITUTION_NUMBER_SYSTEM = `${FHIR_LOCAL_BASE}/sid/checkup-institution-number`;
/** オンライン資格確認用コード: the code 支払基金 assigned to an insurer running checkups itself. */
export const ONLINE_ELIGIBILITY_CODE_SYSTEM = `${FHIR_LOCAL_BASE}/sid/online-eligibility-code`;
/** HL7's organization types (`pay`: a payer, here an insurer running checkups itself). */
const ORGANIZATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/organization-type';
export const SITE_ID_SYSTEM = `${FHIR_LOCAL_BASE}/sid/site`;
export const DEVICE_ID_SYSTEM = `${FHIR_LOCAL_BASE}/sid/registered-device`;
export const VOUCHER_NUMBER_SYSTEM = `${FHIR_LOCAL_BASE}/sid/checkup-voucher-number`;
/** 保険者番号: the OID JP Core uses for insurer numbers. */
export const INSURER_NUMBER_SYSTEM = 'urn:oid:1.2.392.100495.20.3.61';
const EXT = `${FHIR_LOCAL_BASE}/StructureDefinition`;

type Json = Record<string, unknown>;
export type FhirOutcome = 'queued' | 'complete' | 'error' | 'partial';

/** Display texts of our outcome codes (the `code` is the platform's outcome kind, unchanged). */
export const OUTCOME_DISPLAY: Record<string, string> = {
  matched: 'Eligibility matches the voucher',
  'insurer-mismatch': 'Insurer differs from the voucher’s insurer',
  'member-mismatch': 'Member details differ from the voucher',
  'voucher-not-found': 'Voucher not found',
  'voucher-expired': 'Voucher outside its validity (expired)',
  'voucher-not-yet-valid': 'Voucher not yet valid',
  'voucher-already-used': 'Voucher already used',
  'eligibility-lost': 'Qualification lost (資格喪失)',
  'no-qualification': 'No matching qualification (該当資格なし)',
  'needs-manual-check': 'Needs a manual check',
  'not-contracted': 'Institution not contracted for this insurer and purpose',
  'matched-after-settlement': 'Matched after a settlement by staff (confirmed with the insurer, or the same person)',
  'voucher-kind-mismatch': 'Voucher kind does not fit the purpose (受診券 for checkups, 利用券 for guidance)',
  'guidance-level-not-covered': 'Guidance level not covered by the institution’s contract',
  'coordinator-mismatch': 'Voucher issued for another contract (契約取りまとめ機関)',
  'voucher-differs-from-record': 'Presented voucher differs from the insurer’s record',
  'changed-insurer': 'Visitor changed insurer: the new insurer’s voucher is needed',
  'insurer-confirmed': 'Insurer confirmed (人間ドック without a voucher; not an identity check)',
  'session-cancelled': 'Session cancelled before an outcome',
  'session-expired': 'Session expired before an outcome',
};

/** Outcomes that honour the voucher (no error): a match, a settled match, an insurer confirmed for 人間ドック. */
const HONOURED = new Set(['matched', 'matched-after-settlement', 'insurer-confirmed']);

/** The sentence that marks an answer built on a transcribed document (the desk reads the same words). */
export const NOT_VERIFIED_ONLINE = 'Not verified online (transcribed from a document): オンライン資格確認ではありません（書類の転記）';

/**
 * Whether the eligibility was transcribed from an alternative document rather than answered online:
 * the outcome says so (v3), else the session's records show a transcription (no national lookup).
 */
export function transcribed(story: Pick<SessionStory, 'outcome' | 'eligibilityCheck' | 'nationalSystem'>): boolean {
  if (story.outcome?.verifiedOnline !== undefined) return !story.outcome.verifiedOnline;
  if (story.eligibilityCheck) return story.eligibilityCheck.source === 'transcribed';
  return story.nationalSystem?.status.startsWith('not-asked') ?? false;
}

/**
 * outcome (R4 remittance-outcome): complete = processed without errors (matched, settled, insurer
 * confirmed) from an online answer; partial = no error found but the adjudication is incomplete: a
 * manual check is needed (several matches, national system down), or the eligibility was only
 * transcribed from a document, so no insurer answered online; error = processing found why the
 * voucher cannot be honoured (every other kind, and a session cancelled or expired before its
 * outcome); queued = received, no outcome yet.
 */
export function fhirOutcomeOf(
  story: Pick<SessionStory, 'outcome' | 'cancelled' | 'expired'> & Partial<Pick<SessionStory, 'eligibilityCheck' | 'nationalSystem'>>,
): FhirOutcome {
  const kind = story.outcome?.kind;
  if (!kind) return story.cancelled || story.expired ? 'error' : 'queued';
  if (HONOURED.has(kind)) return transcribed(story) ? 'partial' : 'complete';
  if (kind === 'needs-manual-check') return 'partial';
  return 'error';
}

/** Our outcome code for error[]: the outcome kind, or why there is none. */
function errorCodeOf(story: SessionStory): string | undefined {
  const kind = story.outcome?.kind;
  if (kind) return HONOURED.has(kind) ? undefined : kind;
  if (story.cancelled) return 'session-cancelled';
  if (story.expired) return 'session-expired';
  return undefined;
}

/**
 * insurance.inforce: whether the visitor's qualification is in force, as the national system
 * answered it. Never true from a transcribed document (no insurer answered; the disposition says so),
 * false when the qualification is lost (online, or the document's own validity), unknown (no
 * insurance entry) when nothing answered that: not found, several matches, system down, no answer yet.
 */
export function inforceOf(story: SessionStory): boolean | undefined {
  const status = story.nationalSystem?.status;
  if (story.outcome?.kind === 'eligibility-lost' || status === 'lost') return false;
  if (transcribed(story)) return undefined;
  if (status === 'eligible') return true;
  return undefined;
}

/**
 * purpose: 'validation' — is the coverage the voucher names in force on the checkup day. Also for
 * 人間ドック: there the lookup may only confirm the insurer under a contract (never identity), and
 * the contract and voucher already name the insurer, so it is validation too; 'discovery' would claim
 * we return the visitor's coverages, which the platform never discloses. The exact purpose travels
 * in an extension.
 */
export const FHIR_PURPOSE = ['validation'] as const;

const DISPOSITION_WITHOUT_OUTCOME = {
  queued: 'The verification is in progress; no outcome yet.',
  cancelled: (by: string, reason: string) => `The session was cancelled by ${by} before an outcome: ${reason}`,
  expired: 'The session expired (no activity) before an outcome.',
};

function dispositionOf(story: SessionStory): string {
  if (story.outcome?.kind) {
    const said = story.outcome.reason ?? OUTCOME_DISPLAY[story.outcome.kind] ?? story.outcome.kind;
    const parts: string[] = [];
    if (story.outcome.kind === 'matched-after-settlement') {
      const s = story.outcome.settlement;
      const how =
        s?.kind === 'insurer-confirmed' ? 'confirmed with the insurer' : s?.kind === 'same-person' ? 'judged the same person' : 'settled';
      const from = story.outcome.settledFrom ? ` (was ${story.outcome.settledFrom})` : '';
      const marker = `Matched after settlement${from}: ${how}${s ? ` by ${s.by} at ${s.at}` : ''}.`;
      if (!said.startsWith('Matched after settlement')) parts.push(marker);
    }
    if (transcribed(story) && !said.includes('オンライン資格確認ではありません')) parts.push(`${NOT_VERIFIED_ONLINE}.`);
    parts.push(said);
    return parts.join(' ');
  }
  if (story.cancelled) return DISPOSITION_WITHOUT_OUTCOME.cancelled(story.cancelled.by, story.cancelled.reason);
  if (story.expired) return DISPOSITION_WITHOUT_OUTCOME.expired;
  return DISPOSITION_WITHOUT_OUTCOME.queued;
}

/** FHIR dateTime needs seconds and a zone; our times are ISO 8601 with a zone already. */
const dateTime = (iso: string | undefined, fallback: string) => iso ?? fallback;

export interface FhirViewOptions {
  /** Auditors also get the checkup voucher number. */
  auditor: boolean;
}

/** The CoverageEligibilityResponse of one session, its request contained. */
export function coverageEligibilityResponse(story: SessionStory, options: FhirViewOptions): Json {
  const firstTime = story.timeline[0]?.time ?? story.openedAt ?? new Date(0).toISOString();
  const lastTime = story.timeline.at(-1)?.time ?? firstTime;
  const sessionIdentifier = { system: SESSION_ID_SYSTEM, value: story.sessionId };
  const cancelled = Boolean(story.cancelled);
  const contained: Json[] = [{ resourceType: 'Patient', id: 'visitor' }];
  // who ran the visit (the request's provider and the response's requestor): a checkup institution, or
  // an insurer running checkups itself on its own device, named by its code (never as an institution)
  if (story.institutionNumber) {
    contained.push({
      resourceType: 'Organization',
      id: 'institution',
      identifier: [{ system: INSTITUTION_NUMBER_SYSTEM, value: story.institutionNumber }],
    });
  } else if (story.onlineEligibilityCode) {
    contained.push({
      resourceType: 'Organization',
      id: 'operator',
      identifier: [{ system: ONLINE_ELIGIBILITY_CODE_SYSTEM, value: story.onlineEligibilityCode }],
      type: [{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code: 'pay', display: 'Payer' }], text: '保険者（自ら健診を実施）' }],
    });
  }
  if (story.insurerNumber) {
    contained.push({
      resourceType: 'Organization',
      id: 'insurer',
      identifier: [{ system: INSURER_NUMBER_SYSTEM, value: story.insurerNumber }],
    });
  }
  const insurer = story.insurerNumber ? { reference: '#insurer' } : { display: 'insurer not determined' };
  const operator = story.institutionNumber
    ? { reference: '#institution' }
    : story.onlineEligibilityCode
      ? { reference: '#operator' }
      : undefined;
  const extension: Json[] = [];
  if (story.purpose) extension.push({ url: `${EXT}/checkup-purpose`, valueCode: story.purpose });
  if (story.method) extension.push({ url: `${EXT}/eligibility-method`, valueCode: story.method });
  if (story.identityCheck) extension.push({ url: `${EXT}/identity-check`, valueCode: story.identityCheck });
  if (story.deviceId)
    extension.push({ url: `${EXT}/registered-device`, valueIdentifier: { system: DEVICE_ID_SYSTEM, value: story.deviceId } });

  // a voucher number is unique only within its insurer: the identifier names the insurer that assigned it
  const voucherInsurer = story.voucher?.insurerNumber;
  if (options.auditor && story.voucherNumber)
    extension.push({
      url: `${EXT}/checkup-voucher`,
      valueIdentifier: {
        system: VOUCHER_NUMBER_SYSTEM,
        value: story.voucherNumber,
        ...(voucherInsurer ? { assigner: { identifier: { system: INSURER_NUMBER_SYSTEM, value: voucherInsurer } } } : {}),
      },
    });

  const request: Json = {
    resourceType: 'CoverageEligibilityRequest',
    id: 'request',
    ...(extension.length ? { extension } : {}),
    identifier: [sessionIdentifier],
    status: cancelled ? 'cancelled' : 'active',
    purpose: [...FHIR_PURPOSE],
    patient: { reference: '#visitor' },
    ...(story.checkupDate ? { servicedDate: story.checkupDate } : {}),
    created: dateTime(story.openedAt, firstTime),
    ...(operator ? { provider: operator } : {}),
    insurer,
    ...(story.siteId ? { facility: { type: 'Location', identifier: { system: SITE_ID_SYSTEM, value: story.siteId } } } : {}),
  };
  contained.unshift(request);

  const inforce = inforceOf(story);
  const errorCode = errorCodeOf(story);
  // the answer's own extensions: where the eligibility came from, once anything answered it
  const answered = Boolean(story.eligibilityCheck || story.outcome?.verifiedOnline !== undefined || story.nationalSystem);
  const responseExtension: Json[] = answered
    ? [
        { url: `${EXT}/eligibility-source`, valueCode: transcribed(story) ? 'transcribed' : 'online' },
        { url: `${EXT}/verified-online`, valueBoolean: !transcribed(story) },
      ]
    : [];
  if (story.outcome?.settlement) responseExtension.push({ url: `${EXT}/settlement`, valueCode: story.outcome.settlement.kind });
  return {
    resourceType: 'CoverageEligibilityResponse',
    id: story.sessionId,
    contained,
    ...(responseExtension.length ? { extension: responseExtension } : {}),
    identifier: [sessionIdentifier],
    status: cancelled ? 'cancelled' : 'active',
    purpose: [...FHIR_PURPOSE],
    patient: { reference: '#visitor' },
    ...(story.checkupDate ? { servicedDate: story.checkupDate } : {}),
    created: dateTime(story.outcome?.decidedAt ?? story.completedAt, lastTime),
    ...(operator ? { requestor: operator } : {}),
    request: { reference: '#request', type: 'CoverageEligibilityRequest', identifier: sessionIdentifier },
    outcome: fhirOutcomeOf(story),
    disposition: dispositionOf(story),
    insurer,
    ...(inforce === undefined
      ? {}
      : {
          insurance: [
            { coverage: { type: 'Coverage', display: 'Health-insurance qualification (資格情報); 記号・番号 not disclosed' }, inforce },
          ],
        }),
    ...(errorCode
      ? {
          error: [
            { code: { coding: [{ system: OUTCOME_CODE_SYSTEM, code: errorCode, display: OUTCOME_DISPLAY[errorCode] ?? errorCode }] } },
          ],
        }
      : {}),
  };
}

/** A searchset Bundle of responses (FHIR search result); each entry's fullUrl is its read URL. */
export function searchsetBundle(resources: Json[], selfUrl: string): Json {
  const typeUrl = selfUrl.split('?')[0]!.replace(/\/$/, '');
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: selfUrl }],
    entry: resources.map((resource) => ({ fullUrl: `${typeUrl}/${String(resource.id)}`, resource, search: { mode: 'match' } })),
  };
}
