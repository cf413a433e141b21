// Universe: each twin's health, request and error rate over the last minute (from the journal and
// its live stream), the active chaos rules, the clock, and reset / snapshot.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, control, orgOnce, TWINS } from '../api';
import { Badge, ErrorBox, Loading, Table } from '../components';
import { useEventStream, useInterval, type JournalEvent } from '../live';
import { describeMatch, describeRule, type ChaosRule, type ClockView, type Health } from '../types';

const WINDOW_MS = 60_000;
/** At most this many journal pages (1,000 events each) are read to seed the rates. */
const MAX_PAGES = 20;

interface Seen {
  at: number;
  failure: boolean;
}

/** Per twin, when its recent events happened (browser time) and whether they failed. */
function useRecentEvents() {
  const recent = useRef(new Map<string, Seen[]>());
  const record = (twin: string, at: number, failure: boolean) => {
    const list = recent.current.get(twin) ?? [];
    list.push({ at, failure });
    recent.current.set(twin, list);
  };
  // The journal's times are the universe clock's, which may be frozen or ahead: place each event
  // relative to the clock's now.
  const loadHistory = async () => {
    const clock = await control<ClockView>('/clock');
    let since = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { events, next } = await control<{ events: JournalEvent[]; next: number }>(`/events?since=${since}&limit=1000`);
      for (const event of events) {
        const age = clock.epochMs - Date.parse(event.time);
        if (age <= WINDOW_MS) record(event.twin, Date.now() - Math.max(0, age), event.outcome === 'failure');
      }
      since = next;
      if (events.length < 1000) return since;
    }
    return since;
  };
  const prune = () => {
    const cutoff = Date.now() - WINDOW_MS;
    for (const [twin, list] of recent.current) recent.current.set(twin, list.filter((seen) => seen.at >= cutoff));
  };
  return { recent, record, loadHistory, prune };
}

/** /_dtu/health answers 503 with the same report while a twin is down. */
export function readHealth(): Promise<Health> {
  return control<Health>('/health').catch((e) => {
    if (e instanceof ApiError && e.status === 503) return e.body as Health;
    throw e;
  });
}

export function UniverseView() {
  const [health, setHealth] = useState<Health | null>(null);
  const [rules, setRules] = useState<ChaosRule[] | null>(null);
  const [clock, setClock] = useState<ClockView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [since, setSince] = useState<number | undefined>(undefined);
  const [, setTick] = useState(0);
  const events = useRecentEvents();

  useEffect(() => {
    events.loadHistory().then(setSince, (e) => {
      setError(e);
      setSince(0);
    });
  }, []);
  useEventStream({ since, off: since === undefined }, (event) => events.record(event.twin, Date.now(), event.outcome === 'failure'));
  useInterval(async () => {
    events.prune();
    setTick((n) => n + 1);
    try {
      setHealth(await readHealth());
      setRules((await control<{ rules: ChaosRule[] }>('/chaos')).rules);
      setClock(await control<ClockView>('/clock'));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, 1000);

  const act = async (what: () => Promise<unknown>) => {
    try {
      await what();
      setClock(await control<ClockView>('/clock'));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  const running = TWINS.filter((twin) => health?.twins[twin] !== undefined);
  return (
    <section aria-labelledby="universe-title">
      <h1 id="universe-title">Universe</h1>
      <ErrorBox error={error} />
      {!health ? <Loading what="health" /> : (
        <>
          <p>
            Seed {health.seed} · {health.ok ? <Badge status="up" title="every twin answers on one seed" /> : <Badge status="down" title="a twin is down or the twins run different seeds" />}
          </p>
          <ul class="grid universe-twins" aria-label="Twins">
            {running.map((twin) => <TwinCard key={twin} twin={twin} state={health.twins[twin]} seen={events.recent.current.get(twin) ?? []} />)}
          </ul>
        </>
      )}
      <h2>Active chaos rules</h2>
      {!rules ? <Loading what="chaos rules" /> : rules.length === 0 ? <p class="muted">No chaos rules: every request is served normally. <a href="/chaos">Add one</a>.</p> : (
        <Table rows={rules} rowKey={(r) => r.id} columns={[
          { title: 'Id', cell: (r) => <code>{r.id}</code> },
          { title: 'Twin', cell: (r) => r.twin },
          { title: 'Matches', cell: (r) => describeMatch(r) },
          { title: 'Effect', cell: (r) => describeRule(r) },
          { title: 'Hits', cell: (r) => r.hits },
        ]} />
      )}
      <h2>Clock</h2>
      {clock && <ClockPanel clock={clock} act={act} />}
      <h2>State</h2>
      <div class="row">
        <button type="button" class="danger" onClick={() => act(async () => {
          await control('/reset', { method: 'POST', body: {} });
          await orgOnce(true);
        })}>Reset universe</button>
        <a class="button" href="/_dtu/snapshot" download={`dtu-snapshot-seed-${health?.seed ?? 'x'}.json`}>Download snapshot</a>
        <span class="muted">Reset returns every twin to its seeded data, startup chaos rules, an empty journal and real time.</span>
      </div>
    </section>
  );
}

function TwinCard({ twin, state, seen }: { twin: string; state: 'up' | 'down'; seen: Seen[] }) {
  const failures = seen.filter((s) => s.failure).length;
  const perMinute = seen.length;
  const errorRate = perMinute ? Math.round((failures / perMinute) * 100) : 0;
  return (
    <li class="panel universe-twin" aria-label={`${twin} twin`}>
      <h3><a href={twin === 'google' ? '/drive' : `/${twin}`}>{twin}</a> <Badge status={state} /></h3>
      <dl>
        <dt>Requests, last minute</dt>
        <dd>{perMinute} <span class="muted">({(perMinute / 60).toFixed(2)}/s)</span></dd>
        <dt>Errors, last minute</dt>
        <dd>{failures} <span class="muted">({errorRate}%)</span></dd>
      </dl>
    </li>
  );
}

function ClockPanel({ clock, act }: { clock: ClockView; act: (what: () => Promise<unknown>) => Promise<void> }) {
  const [by, setBy] = useState('1h');
  return (
    <div class="panel">
      <p>
        <strong>{new Date(clock.now).toUTCString()}</strong> <span class="mono">({clock.now})</span>{' '}
        {clock.frozen ? <Badge status="frozen" /> : <Badge status="running" />}
      </p>
      <div class="row">
        <button type="button" onClick={() => act(() => control('/clock', { method: 'PUT', body: { frozen: !clock.frozen } }))}>
          {clock.frozen ? 'Unfreeze clock' : 'Freeze clock'}
        </button>
        <form class="row" onSubmit={(e) => {
          e.preventDefault();
          void act(() => control('/clock/advance', { method: 'POST', body: { by: /^\d+$/.test(by) ? Number(by) : by } }));
        }}>
          <label>
            Advance by (ms, or e.g. 90s, 1h30m, 2d)
            <input value={by} onInput={(e) => setBy(e.currentTarget.value)} size={10} />
          </label>
          <button type="submit">Advance clock</button>
        </form>
      </div>
    </div>
  );
}
