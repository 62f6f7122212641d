/**
 * The 既存型 資格確認端末's file exchange (INTERFACES.md §1) as pure functions and zod schemas: file
 * names, the `OQSsiquc01req_` request, the `OQSsiquc01res_` response mapped to an answer, and the
 * wire shapes between the on-site bridge (apps/oqs-bridge) and the platform.
 */
export {
  REQUEST_FILE_PREFIX,
  RESPONSE_FILE_PREFIX,
  FILE_ID_PATTERN,
  requestFileName,
  responseFileName,
  temporaryRequestFileName,
  fileIdOfResponse,
  newFileIdFactory,
} from './file-names';
export { detectEncoding, decodeXml, encodeXml, type OqsEncoding } from './encoding';
export { foldInsurerNumber, padInsurerNumber, type InsurerPadding } from './insurer-number';
export { OqsEligibilityQuery, OqsInstitutionNumber, type OqsEligibilityQueryInput } from './eligibility-query';
export { buildEligibilityRequest, type OqsRequestOptions } from './eligibility-request';
export { OqsQualification, OqsNotice, OqsFailureReason, OqsAnswer, type OqsAnswerStatus } from './eligibility-answer';
export { parseEligibilityResponse, isCompleteXml, type OqsResponse } from './eligibility-response';
export { BRIDGE_PATHS, BridgePendingRequest, BridgePendingRequests, BridgeAnswerSubmission, BridgeAnswerReceipt } from './bridge-wire';
