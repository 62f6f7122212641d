import { useState } from 'react';
import { Banner, Button, Field, Panel, ScreenHeading, Stack, TextField } from '@hcv/ui';
import { allowed, useDesk } from '../desk-context';
import { errorText } from '../errors';
import { useI18n } from '../i18n';

/**
 * A contract (集合契約 or individual) by id: shown to the roles that may read it, edited as the JSON of
 * PUT /contracts/:contractId by an operator (voucher-matching checks every field and names the wrong one).
 */
export function ContractsScreen() {
  const { api, roles } = useDesk();
  const { t } = useI18n();
  const [contractId, setContractId] = useState('');
  const [text, setText] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = allowed(roles, 'editContracts');
  const path = () => `/contracts/${encodeURIComponent(contractId.trim())}`;
  const load = async () => {
    setMessage(null);
    try {
      const contract = await api.get<Record<string, unknown>>('voucherMatching', path());
      // the editable fields only: the rest (id, times) is the server's
      const { contractId: _id, createdAt: _c, updatedAt: _u, ...fields } = contract;
      setText(JSON.stringify(fields, null, 2));
    } catch (e) {
      setText(null);
      setMessage({ kind: 'error', text: errorText(t, e) });
    }
  };
  const save = async () => {
    if (text === null) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return setMessage({ kind: 'error', text: t('contracts.invalidJson') });
    }
    setBusy(true);
    try {
      await api.request('voucherMatching', path(), { method: 'PUT', body });
      setMessage({ kind: 'success', text: t('contracts.saved', { contractId }) });
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <ScreenHeading>{t('contracts.title')}</ScreenHeading>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <Stack gap="s">
          <TextField label={t('contracts.id')} required value={contractId} onChange={(e) => setContractId(e.target.value)} />
          <Button type="submit" variant="secondary">
            {t('contracts.load')}
          </Button>
        </Stack>
      </form>
      {message ? <Banner kind={message.kind}>{message.text}</Banner> : null}
      {text !== null ? (
        <Panel>
          <Field label={t('contracts.json')}>
            {(control) => (
              <textarea
                {...control}
                className="desk-textarea"
                value={text}
                readOnly={!editable}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          {editable ? (
            <Button busy={busy} onClick={() => void save()}>
              {t('contracts.save')}
            </Button>
          ) : null}
        </Panel>
      ) : null}
    </Stack>
  );
}
