import { EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_SESSION_ID } from './identifiers';

/** Where and why a verification session runs: the fields every session, request and outcome carry. */
export interface SessionPlace {
  sessionId: string;
  deviceId: string;
  institutionNumber: string;
  siteId: string;
  purpose: 'specific-checkup' | 'specific-guidance' | 'comprehensive-checkup';
  checkupDate: string;
}

export function aSessionPlace(overrides: Partial<SessionPlace> = {}): SessionPlace {
  return {
    sessionId: EXAMPLE_SESSION_ID,
    deviceId: 'dev-1',
    institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
    siteId: 'site-1',
    purpose: 'specific-checkup',
    checkupDate: '2026-11-24',
    ...overrides,
  };
}

type OpenedSession<S extends string> = SessionPlace & {
  state: S;
  correlationId: string;
  openedAt: string;
  pinFailures: number;
  version: number;
};

/** A session just opened at aSessionPlace(), before the card is read; fields given replace the defaults. */
export function anOpenedSession<S extends string = 'opened'>(
  overrides: Partial<OpenedSession<string>> & { state?: S } = {},
): OpenedSession<S> {
  return {
    ...aSessionPlace(),
    state: 'opened' as S,
    correlationId: 'c-1',
    openedAt: '2026-11-24T09:00:00.000Z',
    pinFailures: 0,
    version: 0,
    ...overrides,
  } as OpenedSession<S>;
}
