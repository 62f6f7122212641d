import { Actions, Banner, Button, ScreenHeading, Stack } from '@hcv/ui';
import { useI18n } from '../i18n';

/** After an offline capture: saved, sent when the network is back; on to the next visitor. */
export function QueuedScreen({ onNext }: { onNext(): void }) {
  const { t } = useI18n();
  return (
    <Stack>
      <ScreenHeading>{t('queued.title')}</ScreenHeading>
      <div data-banner="queued">
        <Banner kind="success">{t('queued.body')}</Banner>
      </div>
      <Actions>
        <Button onClick={onNext} block>
          {t('step.next-visitor')}
        </Button>
      </Actions>
    </Stack>
  );
}
