import { useState, type FormEvent } from 'react';
import { AlternativeMethodV2, CardProblem, type AlternativeMethodRequest, type CardReadRequest } from '@hcv/contracts';
import { Actions, Banner, Button, ChoiceGroup, isoJst, ScreenHeading, Stack, TextField } from '@hcv/ui';
import { ErrorBanner } from '../ErrorBanner';
import type { ShownError } from '../errors';
import { useI18n } from '../i18n';
import { checkAlternative, checkReported, checkStaff } from '../visit/identity-form';
import type { IdentityMode, VisitAction, VisitState } from '../visit/visit-state';
import { fieldKey } from './fieldText';
import { AlternativeFields, ReportedFields } from './IdentityFields';
import { VisitSteps } from './VisitSteps';

const CARD_REFERENCE = /^[A-Za-z0-9-]{8,64}$/;

/**
 * Step 2: the visitor's eligibility. With the My Number card, the staff copy what the national app
 * (マイナ資格確認アプリ) showed and say how the holder was confirmed (PIN, or 目視確認 with their
 * name — also after a PIN lock); a card problem gives its next steps; an alternative document is
 * transcribed (then "not verified online"). Offline, only a document.
 */
export function IdentityScreen({
  visit,
  dispatch,
  busy,
  error,
  onCardRead,
  onCardProblem,
  onAlternative,
  onCancel,
}: {
  visit: VisitState;
  dispatch(action: VisitAction): void;
  busy: boolean;
  error?: ShownError;
  onCardRead(request: CardReadRequest): void;
  onCardProblem(problem: CardProblem): void;
  onAlternative(request: AlternativeMethodRequest): void;
  onCancel(): void;
}) {
  const { t, lang } = useI18n();
  const [submitted, setSubmitted] = useState(false);
  const [problem, setProblem] = useState<CardProblem>('unreadable');
  const [cardReference, setCardReference] = useState('');
  const session = visit.session;
  const locked = session?.state === 'card-locked';
  const mode = visit.identityMode;
  const setMode = (m: IdentityMode) => {
    setSubmitted(false);
    dispatch({ type: 'identity-mode', mode: m });
  };

  const reportedCheck = checkReported(visit.reported, { final: submitted, confirmedAt: isoJst() });
  const alternativeCheck = checkAlternative(visit.alternative, { final: submitted });
  const staffProblem = checkStaff(visit.staff, submitted);
  const methods = session?.alternativeMethods?.length ? session.alternativeMethods : AlternativeMethodV2.options;

  const confirmPin = () => {
    setSubmitted(true);
    const { reported } = checkReported(visit.reported, { final: true, confirmedAt: isoJst() });
    if (reported) onCardRead({ identityCheck: 'pin', pinVerified: true, reported });
  };
  const submitVisual = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const { reported } = checkReported(visit.reported, { final: true, confirmedAt: isoJst() });
    if (reported && !checkStaff(visit.staff, true)) onCardRead({ identityCheck: 'visual', checkedBy: visit.staff.trim(), reported });
  };
  const submitAlternative = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const { alternative } = checkAlternative(visit.alternative, { final: true });
    if (!alternative) return;
    if (visit.captured) dispatch({ type: 'captured-identity' });
    else onAlternative(alternative);
  };

  const modes: IdentityMode[] = visit.captured ? ['alternative'] : ['card', 'visual', 'problem', 'alternative'];
  return (
    <Stack>
      <VisitSteps current={1} />
      <ScreenHeading>{t('identity.title')}</ScreenHeading>
      <ErrorBanner error={error} />
      {visit.captured ? <Banner kind="warning">{t('app.offline.banner')}</Banner> : null}
      {locked ? (
        <div data-banner="card-locked">
          <Banner kind="warning" title={t('identity.locked.title')}>
            <p>{t('identity.locked.body')}</p>
          </Banner>
        </div>
      ) : session && session.pinFailures > 0 ? (
        <div data-banner="pin-failures">
          <Banner kind="warning">{t('identity.pin.failures', { count: session.pinFailures })}</Banner>
        </div>
      ) : null}
      {modes.length > 1 ? (
        <ChoiceGroup
          legend={t('identity.mode')}
          name="identity-mode"
          value={mode}
          onChange={setMode}
          options={modes.map((m) => ({ value: m, label: t(`identity.mode.${m}`), disabled: locked && (m === 'card' || m === 'problem') }))}
        />
      ) : null}

      {mode === 'card' ? (
        <form onSubmit={(e) => (e.preventDefault(), confirmPin())} noValidate>
          <Stack>
            <ReportedFields
              draft={visit.reported}
              problems={reportedCheck.problems}
              onChange={(patch) => dispatch({ type: 'edit-reported', patch })}
            />
            <Actions>
              <Button type="submit" busy={busy}>
                {t('identity.pin.ok')}
              </Button>
              <Button variant="secondary" busy={busy} onClick={() => onCardRead({ identityCheck: 'pin', pinVerified: false })}>
                {t('identity.pin.failed')}
              </Button>
            </Actions>
            <details className="hcv-details">
              <summary>{t('identity.reader.simulated')}</summary>
              <Stack gap="s">
                <TextField
                  label={t('identity.reader.cardReference')}
                  hint={t('identity.reader.cardReference.hint')}
                  name="card-reference"
                  autoComplete="off"
                  value={cardReference}
                  onChange={(e) => setCardReference(e.target.value)}
                />
                <Actions>
                  <Button
                    variant="secondary"
                    busy={busy}
                    disabled={!CARD_REFERENCE.test(cardReference.trim())}
                    onClick={() => onCardRead({ identityCheck: 'pin', pinVerified: true, cardReference: cardReference.trim() })}
                  >
                    {t('identity.reader.read')}
                  </Button>
                </Actions>
              </Stack>
            </details>
          </Stack>
        </form>
      ) : null}

      {mode === 'visual' ? (
        <form onSubmit={submitVisual} noValidate>
          <Stack>
            <TextField
              label={t('identity.visual.staff')}
              hint={t('identity.visual.hint')}
              name="checked-by"
              autoComplete="name"
              required
              value={visit.staff}
              error={staffProblem ? t(fieldKey(staffProblem)) : undefined}
              onChange={(e) => dispatch({ type: 'edit-staff', value: e.target.value })}
            />
            <ReportedFields
              draft={visit.reported}
              problems={reportedCheck.problems}
              onChange={(patch) => dispatch({ type: 'edit-reported', patch })}
            />
            <Actions>
              <Button type="submit" busy={busy}>
                {t('identity.visual.submit')}
              </Button>
            </Actions>
          </Stack>
        </form>
      ) : null}

      {mode === 'problem' ? (
        <Stack>
          {session?.cardProblem ? (
            <div data-banner="card-problem">
              <Banner kind="warning" title={t(`problem.${session.cardProblem.problem}`)}>
                <p>{lang === 'ja' ? session.cardProblem.reasonJa : session.cardProblem.reason}</p>
              </Banner>
              <Actions>
                {session.cardProblem.nextSteps.map((step) => (
                  <Button
                    key={step}
                    variant={step === 'renew-card-at-municipality' ? 'quiet' : 'primary'}
                    disabled={step === 'renew-card-at-municipality'}
                    onClick={() => setMode(step === 're-read-card' ? 'card' : 'alternative')}
                  >
                    {t(`deskStep.${step}`)}
                  </Button>
                ))}
              </Actions>
            </div>
          ) : null}
          <form onSubmit={(e) => (e.preventDefault(), onCardProblem(problem))} noValidate>
            <Stack>
              <ChoiceGroup
                legend={t('identity.problem.legend')}
                name="card-problem"
                value={problem}
                onChange={setProblem}
                options={CardProblem.options.map((p) => ({ value: p, label: t(`problem.${p}`) }))}
              />
              <Actions>
                <Button type="submit" busy={busy}>
                  {t('identity.problem.submit')}
                </Button>
              </Actions>
            </Stack>
          </form>
        </Stack>
      ) : null}

      {mode === 'alternative' ? (
        <form onSubmit={submitAlternative} noValidate>
          <Stack>
            <div data-banner="not-verified-online">
              <Banner kind="info">{t('identity.notOnline')}</Banner>
            </div>
            <AlternativeFields
              draft={visit.alternative}
              problems={alternativeCheck.problems}
              methods={methods}
              onChange={(patch) => dispatch({ type: 'edit-alternative', patch })}
            />
            <Actions>
              <Button type="submit" busy={busy}>
                {t('identity.alternative.submit')}
              </Button>
            </Actions>
          </Stack>
        </form>
      ) : null}
      <Actions>
        <Button variant="quiet" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </Actions>
    </Stack>
  );
}
