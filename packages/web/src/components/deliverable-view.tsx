// Shows one piece of agent work: summary, who produced it (offline skill or model), confidence,
// the checks the skill ran on its own output, and the Markdown body rendered safely.
import type { SkillCheck } from '@waooaw/server/contracts';
import { Markdown } from '../markdown.js';

export interface DeliverableViewProps {
  title?: string;
  summary: string;
  markdown: string;
  checks: SkillCheck[];
  method: 'offline' | 'model';
  confidence: number;
  extra?: string;
}

export function MethodBadge({ method }: { method: 'offline' | 'model' }) {
  return (
    <span
      className={`chip method method-${method}`}
      title={
        method === 'offline'
          ? 'Produced by a deterministic offline skill'
          : 'Written with a configured language model'
      }
    >
      {method === 'offline' ? 'Offline skill' : 'Model-written'}
    </span>
  );
}

export function DeliverableView({
  title,
  summary,
  markdown,
  checks,
  method,
  confidence,
  extra,
}: DeliverableViewProps) {
  const passed = checks.filter((c) => c.passed).length;
  const ordered = [...checks.filter((c) => !c.passed), ...checks.filter((c) => c.passed)];
  return (
    <div className="result" data-testid="deliverable-view">
      {title && <h3>{title}</h3>}
      <p>
        <strong>{summary}</strong>
      </p>
      <div className="result-meta">
        <MethodBadge method={method} />
        <span className="chip">Confidence {Math.round(confidence * 100)}%</span>
        <span className="chip">
          Checks {passed}/{checks.length} passed
        </span>
        {extra && <span className="chip">{extra}</span>}
      </div>
      {/* The checks are listed below with pass/fail marks, so the document's own Checks section is not repeated. */}
      <Markdown source={markdown} label={title ?? 'Deliverable'} omit={checks.length > 0 ? ['Checks'] : []} />
      {checks.length > 0 && (
        // Long check lists start folded; the failing checks come first either way.
        <details className="checks-box" open={checks.length <= 6}>
          <summary>
            <b>Checks</b> — {passed} of {checks.length} passed
          </summary>
          <ul className="checks" data-testid="checks">
            {ordered.map((c, i) => (
              <li key={`${c.name}-${i}`} className={c.passed ? 'check-pass' : 'check-fail'}>
                <span>
                  <b>{c.name}</b> — {c.detail}
                  <span className="sr-only">{c.passed ? ' (passed)' : ' (needs attention)'}</span>
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
