import { useState, type FormEvent } from 'react';
import { Actions, Button, ScreenHeading, Stack, TextField } from '@hcv/ui';
import { redeemActivationCode } from '../device/api';
import type { ReceptionConfig } from '../device/api-types';
import { storeActivation, type DeviceCredential } from '../device/credential';
import { shownError, type ShownError } from '../errors';
import { ErrorBanner } from '../ErrorBanner';
import { useI18n } from '../i18n';
import { looksLikeActivationCode } from '../visit/activation-code';

/** The first screen of a new device: the one-time code becomes the signing key, kept non-extractable in IndexedDB. */
export function ActivationScreen({ config, onActivated }: { config: ReceptionConfig; onActivated(credential: DeviceCredential): void }) {
  const { t, lang } = useI18n();
  const [code, setCode] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError>();
  const wellFormed = looksLikeActivationCode(code);
  const formatError = submitted && !wellFormed ? t('activation.code.format') : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!wellFormed) return;
    setBusy(true);
    setError(undefined);
    try {
      const activation = await redeemActivationCode(config, code.trim(), lang);
      onActivated(await storeActivation(activation));
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ScreenHeading>{t('activation.title')}</ScreenHeading>
        <p>{t('activation.intro')}</p>
        <ErrorBanner error={error} />
        <TextField
          label={t('activation.code')}
          hint={t('activation.code.hint')}
          error={formatError}
          name="activation-code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
        />
        <Actions>
          <Button type="submit" busy={busy}>
            {t('activation.submit')}
          </Button>
        </Actions>
      </Stack>
    </form>
  );
}
