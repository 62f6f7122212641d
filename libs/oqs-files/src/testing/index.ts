/** Test helpers for the 既存型 file exchange: canned terminal responses and a fake terminal. Never imported by production code. */
export {
  aTerminalResult,
  responseXml,
  readEligibilityRequest,
  CONSENT_ELEMENTS,
  type TerminalResult,
  type ResponseXmlOptions,
} from './response-xml';
export { startFakeTerminal, type FakeTerminal, type FakeAnswer, type SeenRequest } from './fake-terminal';
