import type { Messages } from '@hcv/ui';

const ja = {
  'app.title': '受付（オンライン資格確認）',
  'app.skip': '本文へ移動',
  'app.language': '表示言語',
  'app.loading': '読み込み中…',
} as const;

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  'app.title': 'Reception (online eligibility)',
  'app.skip': 'Skip to the content',
  'app.language': 'Language',
  'app.loading': 'Loading…',
};

/** Every screen's sentences, Japanese first; an English key missing is a type error. */
export const MESSAGES: Messages<MessageKey> = { ja, en };
