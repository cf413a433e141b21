// Chaos: the rules with their hits (re-read every second), a form to add one, delete one, clear all.
import { useState } from 'preact/hooks';
import { control, TWINS } from '../api';
import { ErrorBox, Loading, Table } from '../components';
import { useInterval } from '../live';
import { describeMatch, describeRule, type ChaosRule } from '../types';

const EFFECTS = ['rate_limit', 'error', 'latency', 'timeout', 'reset'] as const;
const METHODS = ['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

interface Draft {
  twin: string;
  effect: string;
  method: string;
  operation: string;
  path: string;
  testId: string;
  probability: string;
  times: string;
  status: string;
  latencyMs: string;
  retryAfterSec: string;
}

const EMPTY: Draft = { twin: 'slack', effect: 'rate_limit', method: '', operation: '', path: '', testId: '', probability: '', times: '', status: '', latencyMs: '', retryAfterSec: '' };

/** The rule the control plane takes; numbers stay as typed when they are not numbers, so its message names them. */
function ruleOf(draft: Draft): Record<string, unknown> {
  const number = (text: string) => (text.trim() === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text);
  const match = Object.fromEntries((['method', 'operation', 'path', 'testId'] as const).filter((k) => draft[k].trim()).map((k) => [k, draft[k].trim()]));
  const rule: Record<string, unknown> = { twin: draft.twin, effect: draft.effect };
  if (Object.keys(match).length) rule.match = match;
  for (const key of ['probability', 'times', 'status', 'latencyMs', 'retryAfterSec'] as const) {
    const value = number(draft[key]);
    if (value !== undefined) rule[key] = value;
  }
  return rule;
}

export function ChaosView() {
  const [rules, setRules] = useState<ChaosRule[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useInterval(async () => {
    try {
      setRules((await control<{ rules: ChaosRule[] }>('/chaos')).rules);
    } catch (e) {
      setError(e);
    }
  }, 1000);
  const change = async (request: () => Promise<{ rules: ChaosRule[] }>) => {
    try {
      setRules((await request()).rules);
      setError(null);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  return (
    <section aria-labelledby="chaos-title">
      <h1 id="chaos-title">Chaos</h1>
      <p class="muted">Rules are evaluated in order before any twin handler; the first that fires wins. Hits refresh every second.</p>
      <RuleForm onAdd={(rule) => change(() => control('/chaos', { method: 'POST', body: rule }))} />
      <ErrorBox error={error} />
      <h2>Rules</h2>
      {!rules ? <Loading what="rules" /> : rules.length === 0 ? <p class="muted">No chaos rules.</p> : (
        <>
          <Table caption={`${rules.length} rule${rules.length === 1 ? '' : 's'}`} rows={rules} rowKey={(r) => r.id} columns={[
            { title: 'Id', cell: (r) => <code>{r.id}</code> },
            { title: 'Twin', cell: (r) => r.twin },
            { title: 'Matches', cell: (r) => describeMatch(r) },
            { title: 'Effect', cell: (r) => describeRule(r) },
            { title: 'Hits', cell: (r) => <span data-testid={`hits-${r.id}`}>{r.hits}</span> },
            { title: 'Actions', cell: (r) => (
              <button type="button" class="danger" aria-label={`Delete rule ${r.id}`}
                onClick={() => change(() => control(`/chaos/${encodeURIComponent(r.id)}`, { method: 'DELETE' }))}>Delete</button>
            ) },
          ]} />
          <p><button type="button" class="danger" onClick={() => change(() => control('/chaos', { method: 'DELETE' }))}>Clear all rules</button></p>
        </>
      )}
    </section>
  );
}

function RuleForm({ onAdd }: { onAdd: (rule: Record<string, unknown>) => Promise<boolean> }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const field = (key: keyof Draft, label: string, props: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input name={key} value={draft[key]} onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} {...props} />
    </label>
  );
  const select = (key: keyof Draft, label: string, options: readonly string[], names: Record<string, string> = {}) => (
    <label>
      {label}
      <select name={key} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}>
        {options.map((o) => <option key={o} value={o}>{names[o] ?? o}</option>)}
      </select>
    </label>
  );
  return (
    <form class="panel form chaos-form" aria-label="Add a chaos rule" onSubmit={async (e) => {
      e.preventDefault();
      if (await onAdd(ruleOf(draft))) setDraft({ ...EMPTY, twin: draft.twin, effect: draft.effect });
    }}>
      {select('twin', 'Twin', ['*', ...TWINS], { '*': '* (every twin)' })}
      {select('effect', 'Effect', EFFECTS)}
      {select('method', 'Method', METHODS, { '': 'any' })}
      {field('operation', 'Operation', { placeholder: 'chat.postMessage', size: 16 })}
      {field('path', 'Path', { placeholder: '/api/chat.*', size: 14 })}
      {field('testId', 'Test id', { size: 10 })}
      {field('probability', 'Probability (0–1)', { inputMode: 'decimal', size: 6 })}
      {field('times', 'Times', { inputMode: 'numeric', size: 5 })}
      {field('status', 'Status', { inputMode: 'numeric', size: 5 })}
      {field('latencyMs', 'Latency (ms)', { inputMode: 'numeric', size: 7 })}
      {field('retryAfterSec', 'Retry after (s)', { inputMode: 'numeric', size: 5 })}
      <button type="submit" class="primary">Add rule</button>
    </form>
  );
}
