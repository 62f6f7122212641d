import { useCallback, useEffect, useMemo, useState } from 'react';
import { accessToken, completeLogin, logout, startLogin } from '@hcv/platform-access/browser';
import { AppShell, Banner, Button, LanguageSwitch, Panel, ScreenHeading, Stack } from '@hcv/ui';
import { DeskApi, tokenClaims, type DeskConfig } from './api';
import { allowed, DeskContext, type DeskContextValue } from './desk-context';
import { useI18n, type MessageKey } from './i18n';
import { AlertsScreen } from './screens/Alerts';
import { ContractsScreen } from './screens/Contracts';
import { DetailScreen } from './screens/Detail';
import { OverviewScreen } from './screens/Overview';
import { SettlementScreen } from './screens/Settlement';
import { VouchersScreen } from './screens/Vouchers';
import { hrefOf, useRoute, type Route } from './useRoute';

type Phase = { kind: 'loading' } | { kind: 'config-failed' } | { kind: 'login'; error?: string } | { kind: 'ready' };

const NAV: { page: string; label: MessageKey; show: (roles: readonly string[]) => boolean }[] = [
  { page: 'overview', label: 'app.nav.overview', show: (r) => allowed(r, 'seeOperations') },
  { page: 'alerts', label: 'app.nav.alerts', show: (r) => allowed(r, 'seeOperations') },
  { page: 'vouchers', label: 'app.nav.vouchers', show: (r) => allowed(r, 'importVouchers') },
  { page: 'settlement', label: 'app.nav.settlement', show: (r) => allowed(r, 'settle') },
  { page: 'contracts', label: 'app.nav.contracts', show: (r) => allowed(r, 'viewContracts') },
];

export function App() {
  const i18n = useI18n();
  const { t, lang, setLang } = i18n;
  const [config, setConfig] = useState<DeskConfig | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [route, go] = useRoute();

  const toLogin = useCallback(() => setPhase({ kind: 'login' }), []);

  useEffect(() => {
    let cancelled = false;
    // the earlier dashboard's address serves this page: it moves to its own
    if (!location.pathname.startsWith('/desk')) history.replaceState(null, '', '/desk/');
    void (async () => {
      const response = await fetch('/desk/config.json').catch(() => undefined);
      if (!response?.ok) return !cancelled && setPhase({ kind: 'config-failed' });
      const loaded = (await response.json()) as DeskConfig;
      if (cancelled) return;
      setConfig(loaded);
      if (location.pathname === '/desk/callback') {
        try {
          const { returnTo } = await completeLogin(loaded);
          history.replaceState(null, '', returnTo);
          window.dispatchEvent(new PopStateEvent('popstate'));
          setPhase({ kind: 'ready' });
        } catch (error) {
          history.replaceState(null, '', '/desk/login');
          setPhase({ kind: 'login', error: (error as Error).message });
        }
        return;
      }
      setPhase(accessToken() ? { kind: 'ready' } : { kind: 'login' });
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const api = useMemo(() => (config ? new DeskApi(config, () => lang, toLogin) : null), [config, lang, toLogin]);
  const claims = phase.kind === 'ready' ? tokenClaims() : { sub: '', roles: [] };
  const desk: DeskContextValue | null = useMemo(
    () => (api ? { api, roles: claims.roles, user: claims.sub, go } : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, claims.sub, claims.roles.join(','), go],
  );

  const status = (
    <Stack gap="s">
      <LanguageSwitch lang={lang} onChange={setLang} label={t('app.language')} />
      {phase.kind === 'ready' && config ? (
        <p>
          {t('app.user', { user: claims.sub, roles: claims.roles.join(', ') })}{' '}
          <Button variant="quiet" onClick={() => void logout(config)}>
            {t('app.logout')}
          </Button>
        </p>
      ) : null}
    </Stack>
  );

  let body;
  if (phase.kind === 'loading') body = <p role="status">{t('app.loading')}</p>;
  else if (phase.kind === 'config-failed') body = <Banner kind="error">{t('app.config.failed')}</Banner>;
  else if (phase.kind === 'login' || !desk || !config)
    body = (
      <Stack>
        <ScreenHeading>{t('login.title')}</ScreenHeading>
        {phase.kind === 'login' && phase.error ? <Banner kind="error">{t('login.failed', { reason: phase.error })}</Banner> : null}
        <Panel>
          <p>{t('login.lead')}</p>
          <Button
            onClick={() =>
              config &&
              void startLogin(config, { returnTo: route.page === 'login' || route.page === 'callback' ? '/desk/' : hrefOf(route) }).catch(
                (error: Error) => setPhase({ kind: 'login', error: error.message }),
              )
            }
          >
            {t('login.button')}
          </Button>
        </Panel>
      </Stack>
    );
  else
    body = (
      <DeskContext.Provider value={desk}>
        <nav className="desk-nav" aria-label={t('app.nav')}>
          <ul>
            {NAV.filter((n) => n.show(desk.roles)).map((n) => (
              <li key={n.page}>
                <a
                  href={hrefOf({ page: n.page })}
                  aria-current={route.page === n.page ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    go({ page: n.page });
                  }}
                >
                  {t(n.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <Screen route={route} />
      </DeskContext.Provider>
    );

  return (
    <AppShell title={t('app.title')} status={status} skipLabel={t('app.skip')}>
      {body}
    </AppShell>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.page) {
    case 'alerts':
      return <AlertsScreen />;
    case 'vouchers':
      return <VouchersScreen />;
    case 'settlement':
      return <SettlementScreen />;
    case 'contracts':
      return <ContractsScreen />;
    case 'site':
    case 'bus':
    case 'device':
      return <DetailScreen kind={route.page} id={route.id ?? ''} key={`${route.page}:${route.id}`} />;
    default:
      return <OverviewScreen />;
  }
}
