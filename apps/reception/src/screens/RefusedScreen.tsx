import { Actions, Banner, Button, ScreenHeading, Stack } from '@hcv/ui';
import { useI18n } from '../i18n';

/** A suspended or retired device: why it cannot be used and what to do (call the federation's desk). */
export function RefusedScreen({
  deviceId,
  reason,
  message,
  onCheckAgain,
  onNewCode,
}: {
  deviceId: string;
  reason: 'suspended' | 'retired';
  /** The service's sentence for the refusal (in the screen's language). */
  message?: string;
  onCheckAgain(): void;
  onNewCode(): void;
}) {
  const { t } = useI18n();
  return (
    <Stack>
      <ScreenHeading>{t('refused.title')}</ScreenHeading>
      <div data-refused={reason}>
        <Banner kind="error" title={t(reason === 'suspended' ? 'refused.suspended' : 'refused.retired')}>
          {/* The service's sentence says why and what to do; without one, ours says whom to call. */}
          <p>{message ?? t('refused.what')}</p>
          <p>{t('refused.device', { deviceId })}</p>
        </Banner>
      </div>
      <Actions>
        <Button onClick={onCheckAgain}>{t('refused.check')}</Button>
        <Button variant="secondary" onClick={onNewCode}>
          {t('refused.newCode')}
        </Button>
      </Actions>
    </Stack>
  );
}
