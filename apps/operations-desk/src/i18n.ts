import { createI18n } from '@hcv/ui';
import { MESSAGES, type MessageKey } from './messages';

export const { I18nProvider, useI18n } = createI18n<MessageKey>(MESSAGES);
export type { MessageKey };
