import { Actions, Button, Progress, ScreenHeading, Stack } from '@hcv/ui';
import { ErrorBanner } from '../ErrorBanner';
import type { ShownError } from '../errors';
import { useI18n } from '../i18n';
import { VisitSteps } from './VisitSteps';

/** Step 4: the outcome is on its way (server push); a visible progress state, and the way out. */
export function WaitingScreen({ reconnecting, error, onCancel }: { reconnecting: boolean; error?: ShownError; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <Stack>
      <VisitSteps current={3} />
      <ScreenHeading>{t('waiting.title')}</ScreenHeading>
      <Progress label={reconnecting ? t('waiting.reconnecting') : t('waiting.body')} />
      <ErrorBanner error={error} />
      <Actions>
        <Button variant="quiet" onClick={onCancel}>
          {t('waiting.cancel')}
        </Button>
      </Actions>
    </Stack>
  );
}
