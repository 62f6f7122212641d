import { ApiError, NetworkError } from './device/api';
import type { MessageKey } from './messages';
import type { Params } from '@hcv/ui';

/** What an error shows: the service's own sentence (already in the screen's language), or ours. */
export interface ShownError {
  text?: string;
  key?: MessageKey;
  params?: Params;
  code?: string;
}

/**
 * The sentence of a failed call. A service's refusal carries `message` in the language asked for
 * (Accept-Language; the catalogue's sentence), never a validator's text; a refused body adds the
 * paths of its fields, named — not the validator's words. No answer at all is the network's sentence.
 */
export function shownError(error: unknown): ShownError {
  if (error instanceof ApiError) {
    if (error.fields.length > 0)
      return { text: error.message, key: 'error.fields', params: { fields: error.fields.map((f) => f.path).join(', ') }, code: error.code };
    return { text: error.message, code: error.code };
  }
  if (error instanceof NetworkError) return { key: 'error.network', code: 'network' };
  return { key: 'error.unexpected' };
}
