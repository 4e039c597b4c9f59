// Inbound webhooks of an instance: an address another system (a form, a CRM) posts events to, each
// event becoming a task. The signing secret is shown once — on creation and after a rotation — with a
// copy button; afterwards only its last characters are shown.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { Instance, Webhook, WebhookWithSecret } from '@waooaw/server/contracts';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSession } from '../../session.js';
import { createWebhook, deleteWebhook, rotateWebhookSecret } from '../../work-api.js';
import { workQueries } from './work-queries.js';
import { useAction } from './use-action.js';
import { SkillSelect } from './skill-select.js';

/** The secret, once: a copy button and how to sign with it. */
function SecretOnce({ hook, onDone }: { hook: WebhookWithSecret; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  const copy = async () => {
    await navigator.clipboard.writeText(hook.secret).catch(() => undefined);
    setCopied(true);
  };
  return (
    <div className="alert alert-ok secret-once" role="status" data-testid="webhook-secret">
      <p>
        <strong>Copy the signing secret now — it is shown only this once.</strong>
      </p>
      <label htmlFor={id}>Signing secret</label>
      <div className="row nowrap">
        <input
          id={id}
          type="text"
          className="code"
          readOnly
          value={hook.secret}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="btn btn-sm" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="small">
        Post events to <code>{hook.url}</code> with <code>{hook.signing.signatureHeader}</code> = sha256 HMAC
        of “timestamp.body”, <code>{hook.signing.timestampHeader}</code> and a unique{' '}
        <code>{hook.signing.eventIdHeader}</code>.
      </p>
      <button type="button" className="btn btn-sm btn-primary" onClick={onDone}>
        I have saved it
      </button>
    </div>
  );
}

function WebhookRow({
  hook,
  skillTitle,
  onSecret,
  onChanged,
}: {
  hook: Webhook;
  skillTitle: string;
  onSecret: (h: WebhookWithSecret) => void;
  onChanged: () => void;
}) {
  const { busy, error, run: act } = useAction(onChanged);
  const name = hook.label ?? skillTitle;
  return (
    <li data-testid="webhook" aria-label={name}>
      <div className="spread">
        <strong>{name}</strong>
        <span className="small muted">secret {hook.secretHint}</span>
      </div>
      <div className="sub">
        <code className="wrap">{hook.url}</code>
      </div>
      <p className="small">
        {hook.counts.accepted} accepted · {hook.counts.duplicates} duplicates · {hook.counts.badSignature} bad
        signatures
      </p>
      <div className="row">
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => void act(async () => onSecret(await rotateWebhookSecret(hook.id)))}
        >
          Rotate secret<span className="sr-only"> of {name}</span>
        </button>
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          disabled={busy}
          onClick={() => {
            if (window.confirm(`Delete the webhook “${name}”? Senders using it get refused.`))
              void act(() => deleteWebhook(hook.id));
          }}
        >
          Delete<span className="sr-only"> {name}</span>
        </button>
      </div>
      <ErrorAlert error={error} />
    </li>
  );
}

export function WebhooksPanel({ instance }: { instance: Instance }) {
  const userId = useSession()?.user.id ?? '';
  const queryClient = useQueryClient();
  const hooks = useQuery(workQueries.webhooks(userId, instance.id));
  const id = useId();
  const [skill, setSkill] = useState(instance.skills[0]?.id ?? '');
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState<WebhookWithSecret | undefined>(undefined);
  const titles = Object.fromEntries(instance.skills.map((s) => [s.id, s.title]));
  const changed = () =>
    void queryClient.invalidateQueries({ queryKey: workQueries.webhooks(userId, instance.id).queryKey });

  const { busy, error, run } = useAction(changed);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const made = await run(async () =>
      setSecret(
        await createWebhook(instance.id, { skill, ...(label.trim() ? { label: label.trim() } : {}) }),
      ),
    );
    if (made) setLabel('');
  };

  return (
    <section className="panel" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Inbound webhooks</h2>
      <p className="muted small">
        Let another system — a web form, your CRM — hand this agent work: each signed event becomes a task.
      </p>
      {secret && <SecretOnce hook={secret} onDone={() => setSecret(undefined)} />}
      <ErrorAlert error={hooks.error} />
      <ul className="list" data-testid="webhooks">
        {(hooks.data?.items ?? []).map((h) => (
          <WebhookRow
            key={h.id}
            hook={h}
            skillTitle={titles[h.skill] ?? h.skill}
            onSecret={setSecret}
            onChanged={changed}
          />
        ))}
      </ul>
      <form onSubmit={(e) => void create(e)} className="row webhook-form">
        <SkillSelect
          id={`${id}-skill`}
          label="Each event runs"
          skills={instance.skills}
          value={skill}
          onChange={setSkill}
        />
        <div className="field">
          <label htmlFor={`${id}-label`}>Name (optional)</label>
          <input
            id={`${id}-label`}
            type="text"
            value={label}
            maxLength={80}
            onChange={(e) => setLabel(e.target.value)}
          />
        </div>
        <button type="submit" className="btn" disabled={busy || instance.status !== 'active'}>
          Create webhook
        </button>
      </form>
      <ErrorAlert error={error} />
    </section>
  );
}
