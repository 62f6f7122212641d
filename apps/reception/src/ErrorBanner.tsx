import { Banner } from '@hcv/ui';
import type { ShownError } from './errors';
import { useI18n } from './i18n';

/** A failed call's sentence, announced; the code is kept for support (data-code), not shown as text. */
export function ErrorBanner({ error }: { error: ShownError | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div data-error-code={error.code}>
      <Banner kind="error">
        {error.text ? <p>{error.text}</p> : null}
        {error.key ? <p>{t(error.key, error.params)}</p> : null}
      </Banner>
    </div>
  );
}
