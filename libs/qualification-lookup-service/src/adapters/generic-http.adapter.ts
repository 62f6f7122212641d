import type { LookupResult, LookupResultV2, Qualification } from '@hcv/contracts';
import { parseInsurerNumber } from '@hcv/domain';
import type { NationalEligibilitySystem } from './national-system.port';

/**
 * The `generic-http` source: a JSON-over-HTTP endpoint of the platform's own design. **It is not a
 * national API** — 限定型 has no server-to-server API (the device reports what the national app showed)
 * and 既存型 terminals exchange XML files (the on-site bridge). It stays as a controllable upstream for
 * the resilience layer's fault tests (rate limit, breaker, timeout, retry topic). Its JSON mirrors the
 * existing-type interface's fields: processing result (1 normal end, 2 processing, 3 abnormal end),
 * 資格有効性 (1 valid, 2 invalid, 3 invalid — newer exists, 4 no match, 5 several), and per match the
 * card/insured fields. Everything else the upstream may send (consent flags for checkup, drug or care
 * history) is ignored and never leaves this file. It answers as `national-system-http`, the name
 * qualification.resolved v2 gives this adapter.
 */
export interface UpstreamMatch {
  insurerNumber: string;
  insurerName: string;
  insuredCardSymbol: string;
  insuredIdentificationNumber: string;
  insuredBranchNumber: string;
  personalFamilyClassification: '1' | '2';
  name: string;
  nameKana: string;
  sex1: '1' | '2' | '3';
  birthdate: string;
  qualificationDate: string;
  disqualificationDate?: string;
}

export interface UpstreamAnswer {
  processingResult: { status: '1' | '2' | '3'; errorCode?: string; errorMessage?: string };
  qualificationValidity?: '1' | '2' | '3' | '4' | '5';
  results?: UpstreamMatch[];
}

const isoDate = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
const compactDate = (iso: string) => iso.replace(/-/g, '');

/**
 * Insurer numbers arrive space-padded (and a 6-digit 国保 number may come as "00" + 6): the one
 * normalisation of every input (parseInsurerNumber). A dropped leading zero (7 digits) is a known real
 * defect; it is never padded back (that would be a guess that may name another insurer): an answer
 * whose insurer number is not one is unusable.
 */
function toQualification(m: UpstreamMatch): Qualification | undefined {
  const insurer = parseInsurerNumber(m.insurerNumber);
  if (!('value' in insurer)) return undefined;
  return {
    insurerNumber: insurer.value,
    insurerName: m.insurerName,
    symbol: m.insuredCardSymbol,
    number: m.insuredIdentificationNumber,
    branch: m.insuredBranchNumber.padStart(2, '0'),
    relationship: m.personalFamilyClassification === '1' ? 'insured' : 'dependent',
    name: m.name,
    nameKana: m.nameKana,
    birthDate: isoDate(m.birthdate),
    sex: m.sex1 === '1' ? 'male' : m.sex1 === '2' ? 'female' : 'unset',
    acquiredOn: isoDate(m.qualificationDate),
    ...(m.disqualificationDate ? { lostOn: isoDate(m.disqualificationDate) } : {}),
  };
}

export function mapUpstreamAnswer(answer: UpstreamAnswer): LookupResult {
  if (answer.processingResult.status !== '1') {
    const what =
      answer.processingResult.status === '2' ? 'still processing' : `abnormal end ${answer.processingResult.errorCode ?? ''}`.trim();
    return { status: 'unavailable', reason: `national system: ${what}` };
  }
  const first = answer.results?.[0];
  const qualification = first && toQualification(first);
  if (first && !qualification) return { status: 'unavailable', reason: 'national system: the answer carries no valid insurer number' };
  switch (answer.qualificationValidity) {
    case '1':
      if (qualification) return { status: 'eligible', qualification };
      break;
    case '2':
    case '3':
      if (qualification) return { status: 'lost', qualification, lostOn: qualification.lostOn ?? qualification.acquiredOn };
      break;
    case '4':
      return { status: 'not-found' };
    case '5':
      return { status: 'multiple', candidates: Math.max(2, answer.results?.length ?? 2) };
    case undefined:
      break;
  }
  return { status: 'unavailable', reason: 'national system: answer without a usable qualification' };
}

/**
 * The answer with 資格有効性 3 (invalid because a newer qualification exists: the visitor changed
 * insurer) told apart from 2 (lost): matching then asks for the new insurer's voucher.
 */
export function mapUpstreamAnswerV2(answer: UpstreamAnswer): LookupResultV2 {
  const result = mapUpstreamAnswer(answer);
  if (answer.qualificationValidity === '3' && result.status === 'lost') {
    return { status: 'changed-insurer', qualification: result.qualification, lostOn: result.lostOn };
  }
  return result;
}

/** Calls `POST {baseUrl}/eligibility/inquiries` (the platform's own invented shape); transport failures throw, so the resilience layer retries. */
export class GenericHttpEligibility implements NationalEligibilitySystem {
  readonly answeredBy = 'national-system-http' as const;

  constructor(private readonly options: { baseUrl: string; timeoutMillis: number }) {}

  async lookup(request: { cardReference: string; onDate: string; institutionNumber: string }): Promise<LookupResultV2> {
    const response = await fetch(`${this.options.baseUrl}/eligibility/inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        institutionCode: request.institutionNumber,
        cardReference: request.cardReference,
        inquiryDate: compactDate(request.onDate),
      }),
      signal: AbortSignal.timeout(this.options.timeoutMillis),
    });
    if (!response.ok) throw new Error(`national system answered HTTP ${response.status}`);
    return mapUpstreamAnswerV2((await response.json()) as UpstreamAnswer);
  }
}
