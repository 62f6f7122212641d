import { useState, type FormEvent } from 'react';
import { Actions, Banner, Button, ChoiceGroup, ScreenHeading, SelectField, Stack } from '@hcv/ui';
import type { TourStop } from '../device/api-types';
import { ErrorBanner } from '../ErrorBanner';
import type { ShownError } from '../errors';
import { useI18n } from '../i18n';
import { PURPOSES, type Purpose } from '../visit/purpose';

/** Step 1: why the visitor came (本人確認 is not offered: online eligibility may not be used for it). */
export function PurposeScreen({
  online,
  stops,
  busy,
  error,
  onStart,
}: {
  online: boolean;
  stops: readonly TourStop[];
  busy: boolean;
  error?: ShownError;
  onStart(purpose: Purpose, stopId: string | undefined): void;
}) {
  const { t } = useI18n();
  const [purpose, setPurpose] = useState<Purpose>('specific-checkup');
  const [stopId, setStopId] = useState<string>(stops[0]?.stopId ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onStart(purpose, stopId || undefined);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ScreenHeading>{t('purpose.title')}</ScreenHeading>
        {!online ? <Banner kind="warning">{t('purpose.offline')}</Banner> : null}
        <ErrorBanner error={error} />
        <ChoiceGroup
          legend={t('purpose.legend')}
          name="purpose"
          value={purpose}
          onChange={setPurpose}
          options={PURPOSES.map((p) => ({ value: p, label: t(`purpose.${p}`), description: t(`purpose.${p}.d`) }))}
        />
        {stops.length > 0 ? (
          <SelectField
            label={t('purpose.stop')}
            name="stop"
            value={stopId}
            onChange={setStopId}
            options={stops.map((s) => ({ value: s.stopId, label: `${s.name}（${s.from}–${s.to}）` }))}
          />
        ) : null}
        <Actions>
          <Button type="submit" busy={busy} block>
            {t('purpose.start')}
          </Button>
        </Actions>
      </Stack>
    </form>
  );
}
