import { ApiError } from './api';
import type { MessageKey } from './i18n';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * The sentence a failed call shows: a refusal for lack of a role (403) says so in the desk's own words
 * first, then the service's reason (in the chosen language); any other failure names the service's reason.
 */
export function errorText(t: Translate, error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof ApiError && error.status === 403) {
    const forbidden = t('error.forbidden');
    // the service's own sentence may already be the same refusal
    return message && message !== forbidden ? `${forbidden} ${message}` : forbidden;
  }
  return t('error.generic', { message });
}
