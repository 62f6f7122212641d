import { Actions, Banner, Button, Panel, Stack } from '@hcv/ui';
import { useI18n } from '../i18n';
import type { QueuedVisit } from '../offline/queue';

/** The visits waiting to be sent (no personal data shown: the time and purpose), a refused one with its reason. */
export function QueuePanel({
  visits,
  online,
  onSend,
  onDiscard,
}: {
  visits: readonly QueuedVisit[];
  online: boolean;
  onSend(): void;
  onDiscard(key: string): void;
}) {
  const { t, dateTime } = useI18n();
  if (visits.length === 0) return null;
  return (
    <Panel title={t('queue.title')}>
      <Stack gap="s">
        <ul data-queue>
          {visits.map((v) => (
            <li key={v.idempotencyKey} data-queued={v.idempotencyKey}>
              {t(`purpose.${v.request.purpose as 'specific-checkup'}`)} — {t('queue.capturedAt', { at: dateTime(v.request.capturedAt) })}
              {v.refused ? (
                <>
                  <Banner kind="error">{t('queue.refused', { message: v.refused.message })}</Banner>
                  <Button variant="danger" onClick={() => onDiscard(v.idempotencyKey)}>
                    {t('queue.discard')}
                  </Button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        <Actions>
          <Button variant="secondary" disabled={!online} onClick={onSend}>
            {t('queue.sendNow')}
          </Button>
        </Actions>
      </Stack>
    </Panel>
  );
}
