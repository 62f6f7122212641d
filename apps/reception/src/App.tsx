import { AppShell, LanguageSwitch, Progress, ScreenHeading } from '@hcv/ui';
import { useI18n } from './i18n';

export function App() {
  const { t, lang, setLang } = useI18n();
  return (
    <AppShell
      title={t('app.title')}
      skipLabel={t('app.skip')}
      status={<LanguageSwitch lang={lang} onChange={setLang} label={t('app.language')} />}
    >
      <ScreenHeading>{t('app.title')}</ScreenHeading>
      <Progress label={t('app.loading')} />
    </AppShell>
  );
}
