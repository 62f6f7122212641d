import { useState } from 'react';
import type { CollectLine, SessionResponse } from '@hcv/contracts';
import { Actions, Banner, Button, Facts, Panel, ScreenHeading, Stack } from '@hcv/ui';
import { ErrorBanner } from '../ErrorBanner';
import type { ShownError } from '../errors';
import { useI18n } from '../i18n';
import { isMatched, nextSteps, notVerifiedOnline, type NextStep } from '../visit/outcome';
import { VisitSteps } from './VisitSteps';

function CollectTable({ lines, totalYen }: { lines: readonly CollectLine[]; totalYen?: number }) {
  const { t, yen } = useI18n();
  const terms = (line: CollectLine) => {
    const c = line.copayment;
    switch (c.kind) {
      case 'none':
        return t('copayment.none');
      case 'fixed':
        return t('copayment.fixed.text', { yen: yen(c.amount) });
      case 'rate':
        return line.unitPrice !== undefined
          ? t('copayment.rate.of', { percent: c.percent, price: yen(line.unitPrice) })
          : t('copayment.rate.text', { percent: c.percent });
      case 'upper-limit':
        return t('copayment.upper-limit');
    }
  };
  return (
    <table className="hcv-table" data-collect>
      <caption className="hcv-visually-hidden">{t('result.collect')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('result.collect.part')}</th>
          <th scope="col">{t('result.collect.terms')}</th>
          <th scope="col" className="hcv-num">
            {t('result.collect.yen')}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.part} data-part={line.part}>
            <th scope="row">{t(`part.${line.part}`)}</th>
            <td>{terms(line)}</td>
            <td className="hcv-num">{line.yen !== undefined ? yen(line.yen) : t('result.collect.unknown')}</td>
          </tr>
        ))}
      </tbody>
      {totalYen !== undefined ? (
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('result.collect.total')}
            </th>
            <td className="hcv-num" data-total>
              {yen(totalYen)}
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

/**
 * Step 5: the result. Matched: the 窓口負担 to collect, part by part, and what the voucher covers.
 * Not matched: the reason in the desk's language and the next steps, each one tap. A visit whose
 * eligibility came from a document keeps the "not verified online" banner. "Request settlement" puts
 * the case before the federation's desk in one tap (once per session) and says when it was sent.
 */
export function ResultScreen({
  session,
  busy = false,
  error,
  onStep,
  onRequestSettlement,
}: {
  session: SessionResponse;
  busy?: boolean;
  error?: ShownError;
  onStep(step: NextStep): void;
  onRequestSettlement(): void;
}) {
  const { t, lang, dateTime, yen } = useI18n();
  const [opened, setOpened] = useState<NextStep>();
  const outcome = session.outcome;
  const matched = outcome ? isMatched(outcome) : false;
  const title =
    session.state === 'cancelled'
      ? t('result.cancelled')
      : session.state === 'expired'
        ? t('result.expired')
        : matched
          ? t('result.matched')
          : t('result.notMatched');
  const steps: NextStep[] = outcome ? nextSteps(outcome) : ['next-visitor'];
  const insurer = session.voucher?.insurerNumber ?? '—';
  const requested = session.settlementRequest;
  return (
    <Stack>
      <VisitSteps current={4} />
      <ScreenHeading>{title}</ScreenHeading>
      <div data-outcome={outcome?.kind ?? session.state}>
        {outcome ? (
          <Banner kind={matched ? 'success' : 'error'} title={title}>
            {!matched || outcome.kind !== 'matched' ? <p>{lang === 'ja' ? (outcome.reasonJa ?? outcome.reason) : outcome.reason}</p> : null}
            {outcome.settlement ? <p>{t('result.settled', { at: dateTime(outcome.settlement.at) })}</p> : null}
            {outcome.firstUse ? (
              <p>
                {t('result.firstUse', { site: outcome.firstUse.siteName ?? outcome.firstUse.siteId, at: dateTime(outcome.firstUse.at) })}
              </p>
            ) : null}
          </Banner>
        ) : session.cancellation ? (
          <Banner kind="info">{session.cancellation.reason}</Banner>
        ) : null}
      </div>
      {notVerifiedOnline(session) ? (
        <div data-banner="not-verified-online">
          <Banner kind="warning">{t('identity.notOnline')}</Banner>
        </div>
      ) : null}
      {matched && outcome?.collect ? (
        <Panel title={t('result.collect')}>
          <CollectTable lines={outcome.collect.lines} totalYen={outcome.collect.totalYen} />
          {outcome.collect.insurerUpperLimit !== undefined ? (
            <p>{t('result.upperLimit', { yen: yen(outcome.collect.insurerUpperLimit) })}</p>
          ) : null}
        </Panel>
      ) : null}
      {matched && outcome?.covers ? (
        <Panel title={t('result.covers')}>
          <ul data-covers>
            {outcome.covers.parts.map((part) => (
              <li key={part}>{t(`part.${part}`)}</li>
            ))}
            {outcome.covers.guidanceLevel ? <li>{t(`level.${outcome.covers.guidanceLevel}`)}</li> : null}
          </ul>
        </Panel>
      ) : null}
      <Facts
        items={[{ label: t('result.session'), value: <span data-session-id={session.sessionId}>{session.sessionId.slice(0, 8)}</span> }]}
      />
      <Panel title={t('result.nextSteps')}>
        <ErrorBanner error={error} />
        <Actions>
          {steps.map((step, i) => (
            <Button
              key={step}
              data-step={step}
              variant={i === 0 ? 'primary' : 'secondary'}
              aria-expanded={step === 'call-insurer' ? opened === step : undefined}
              busy={step === 'request-settlement' && busy}
              disabled={step === 'request-settlement' && requested !== undefined}
              onClick={() =>
                step === 'call-insurer'
                  ? setOpened(opened === step ? undefined : step)
                  : step === 'request-settlement'
                    ? onRequestSettlement()
                    : onStep(step)
              }
            >
              {t(`step.${step}`)}
            </Button>
          ))}
        </Actions>
        {opened === 'call-insurer' ? <p data-step-detail="call-insurer">{t('step.call-insurer.body', { insurer })}</p> : null}
        {requested ? (
          <div data-step-detail="request-settlement" role="status">
            <Banner kind="success">
              {t('step.request-settlement.done', { at: dateTime(requested.requestedAt), session: session.sessionId.slice(0, 8) })}
            </Banner>
          </div>
        ) : null}
      </Panel>
    </Stack>
  );
}
