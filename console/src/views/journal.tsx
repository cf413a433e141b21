// Journal: the universe's merged event stream, live (virtualised, newest at the bottom, following new
// events unless scrolled up), filterable; /journal/<seq> shows one event in full.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, control, TWINS } from '../api';
import { Badge, ErrorBox, Loading, VirtualList } from '../components';
import { useEventStream, type JournalEvent } from '../live';
import { href, useRoute } from '../router';
import { timeOf } from '../types';

/** The control plane keeps 20,000 merged events; so does the page. */
const KEEP = 20_000;
const ROW_HEIGHT = 30;
const COLUMNS = '96px 60px 36px 66px minmax(160px,2fr) minmax(120px,1.2fr) 52px minmax(110px,1fr) 96px';

interface Filters {
  twin: string;
  direction: string;
  outcome: string;
  operation: string;
  testId: string;
}

/** Every retained event, then new ones as they come (appended once per frame). */
function useJournal() {
  const [events, setEvents] = useState<JournalEvent[]>([]);
  const [start, setStart] = useState<number | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const incoming = useRef<JournalEvent[]>([]);
  const frame = useRef(0);
  useEffect(() => {
    (async () => {
      const all: JournalEvent[] = [];
      let since = 0;
      for (;;) {
        const page = await control<{ events: JournalEvent[]; next: number }>(`/events?since=${since}&limit=1000`);
        all.push(...page.events);
        since = page.next;
        if (page.events.length < 1000) break;
      }
      setEvents(all.slice(-KEEP));
      setStart(since);
    })().catch((e) => {
      setError(e);
      setStart(0);
    });
    return () => cancelAnimationFrame(frame.current);
  }, []);
  useEventStream({ since: start, off: start === undefined }, (event) => {
    incoming.current.push(event);
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const fresh = incoming.current;
      incoming.current = [];
      setEvents((old) => (old.length + fresh.length > KEEP ? [...old, ...fresh].slice(-KEEP) : [...old, ...fresh]));
    });
  });
  return { events, loading: start === undefined, error };
}

export function JournalView() {
  const [seq] = useRoute();
  const journal = useJournal();
  return seq ? <EventDetail seq={Number(seq)} loaded={journal.events} /> : <JournalList {...journal} />;
}

function matches(event: JournalEvent, f: Filters): boolean {
  return (!f.twin || event.twin === f.twin)
    && (!f.direction || event.direction === f.direction)
    && (!f.outcome || (f.outcome === 'chaos' ? Boolean(event.chaos) : event.outcome === f.outcome))
    && (!f.operation || (event.operation ?? '').toLowerCase().includes(f.operation.toLowerCase()) || event.url.toLowerCase().includes(f.operation.toLowerCase()))
    && (!f.testId || event.testId === f.testId);
}

const actorOf = (actor: JournalEvent['actor']) => actor.email ?? actor.id ?? actor.type;

function JournalList({ events, loading, error }: { events: JournalEvent[]; loading: boolean; error: unknown }) {
  const [filters, setFilters] = useState<Filters>({ twin: '', direction: '', outcome: '', operation: '', testId: '' });
  const shown = useMemo(() => events.filter((e) => matches(e, filters)), [events, filters]);
  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) => setFilters({ ...filters, [key]: e.currentTarget.value });
  return (
    <section aria-labelledby="journal-title">
      <h1 id="journal-title">Journal</h1>
      <ErrorBox error={error} />
      <form class="form journal-filters" aria-label="Filter events" onSubmit={(e) => e.preventDefault()}>
        <label>Twin<select value={filters.twin} onChange={set('twin')}><option value="">all</option>{TWINS.map((t) => <option key={t}>{t}</option>)}</select></label>
        <label>Direction<select value={filters.direction} onChange={set('direction')}><option value="">both</option><option value="in">in (requests)</option><option value="out">out (deliveries)</option></select></label>
        <label>Outcome<select value={filters.outcome} onChange={set('outcome')}><option value="">all</option><option value="success">success</option><option value="failure">failure</option><option value="chaos">chaos injected</option></select></label>
        <label>Operation or URL<input type="search" value={filters.operation} onInput={set('operation')} size={20} /></label>
        <label>Test id<input type="search" value={filters.testId} onInput={set('testId')} size={12} /></label>
        <span class="muted" role="status">{loading ? 'Loading…' : `${shown.length} of ${events.length} events · live`}</span>
      </form>
      <div class="cols cols-head" style={{ gridTemplateColumns: COLUMNS }} aria-hidden="true">
        <span>Time</span><span>Twin</span><span>Dir</span><span>Method</span><span>URL</span><span>Operation</span><span>Status</span><span>Actor</span><span>Chaos</span>
      </div>
      {loading ? <Loading what="events" /> : (
        <VirtualList items={shown} rowHeight={ROW_HEIGHT} stickToBottom label="Events" class="journal-list" render={(event) => (
          <a class={`cols journal-row ${event.outcome === 'failure' ? 'journal-failure' : ''}`} style={{ gridTemplateColumns: COLUMNS }} href={href('journal', event.seq)}
            aria-label={`#${event.seq} ${event.twin} ${event.method} ${event.operation ?? event.url} ${event.status}`}>
            <span class="mono">{timeOf(event.time)}</span>
            <span>{event.twin}</span>
            <span>{event.direction === 'in' ? '→' : '←'}<span class="sr-only">{event.direction}</span></span>
            <span>{event.method}</span>
            <span class="mono" title={event.url}>{event.url}</span>
            <span>{event.operation ?? ''}</span>
            <span class={event.outcome === 'failure' ? 'journal-status-bad' : ''} title={event.error}>{event.status}</span>
            <span title={event.actor.type}>{actorOf(event.actor)}</span>
            <span>{event.chaos && <Badge status="failure" text={event.chaos.effect} title={`chaos: ${event.chaos.effect} from ${event.chaos.source}${event.chaos.rule ? ` (rule ${event.chaos.rule})` : ''}`} />}</span>
          </a>
        )} />
      )}
    </section>
  );
}

/** Where the console shows what a call changed, for the targets twins record that have a view. */
function targetPath(event: JournalEvent): string | null {
  const t = event.target as Record<string, string | undefined>;
  if (event.twin === 'slack' && (t.type === 'message' || t.type === 'channel')) return href('slack', (t.channel ?? t.id)!);
  if (event.twin === 'okta' && t.user) return href('okta', 'users', t.user);
  if (event.twin === 'okta' && t.group) return href('okta', 'groups', t.group);
  return null;
}

function TargetOf({ event }: { event: JournalEvent }) {
  const path = targetPath(event);
  const text = <code>{JSON.stringify(event.target)}</code>;
  return path ? <a href={path}>{text}</a> : text;
}

interface CallPart {
  headers: Record<string, unknown>;
  body: string | null;
  truncated: boolean;
}

/** An event as GET /_dtu/events/:seq gives it: for the newest inbound calls, with request and response. */
type EventWithBodies = JournalEvent & { request?: CallPart; response?: CallPart & { status: number } };

/** A body as sent, pretty-printed when it is JSON. */
function BodyOf({ part, label }: { part: CallPart; label: string }) {
  let text = part.body ?? '';
  try {
    text = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: shown as sent
  }
  return (
    <>
      <details>
        <summary>{label} headers</summary>
        <pre aria-label={`${label} headers`}>{JSON.stringify(part.headers, null, 2)}</pre>
      </details>
      {part.body === null ? <p class="muted">No {label.toLowerCase()} body.</p> : <pre aria-label={`${label} body`}>{text}</pre>}
      {part.truncated && <p class="muted">Cut at 16 KB.</p>}
    </>
  );
}

function EventDetail({ seq, loaded }: { seq: number; loaded: JournalEvent[] }) {
  const [fetched, setFetched] = useState<EventWithBodies | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const known = loaded.find((e) => e.seq === seq);
  useEffect(() => {
    if (!Number.isInteger(seq) || seq < 1) return;
    control<EventWithBodies>(`/events/${seq}`).then(setFetched, (e: unknown) => {
      if (e instanceof ApiError && e.status === 404) setFetched(null);
      else setError(e);
    });
  }, [seq]);
  const event: EventWithBodies | null | undefined = fetched ?? (fetched === null ? null : known);
  return (
    <section aria-labelledby="event-title">
      <p><a href="/journal">← Journal</a></p>
      <h1 id="event-title">Event #{seq}</h1>
      <ErrorBox error={error} />
      {event === undefined ? <Loading what="the event" /> : event === null ? <p>No event #{seq} in the journal (it keeps the newest 20,000; a reset clears it).</p> : (
        <>
          <dl class="event-facts">
            <dt>Time</dt><dd>{event.time}</dd>
            <dt>Twin</dt><dd>{event.twin} ({event.direction === 'in' ? 'request received' : 'outbound delivery'})</dd>
            <dt>Request</dt><dd class="mono">{event.method} {event.url}</dd>
            <dt>Operation</dt><dd>{event.operation ?? '—'}</dd>
            <dt>Status</dt><dd>{event.status} <Badge status={event.outcome} /> {event.error && <code>{event.error}</code>}</dd>
            <dt>Duration</dt><dd>{event.durationMs} ms</dd>
            <dt>Actor</dt><dd>{event.actor.type}{event.actor.email ? ` · ${event.actor.email}` : ''}{event.actor.id ? ` · ${event.actor.id}` : ''}</dd>
            {event.chaos && <><dt>Chaos</dt><dd>{event.chaos.effect} from {event.chaos.source}{event.chaos.rule ? ` (rule ${event.chaos.rule})` : ''}</dd></>}
            {event.target && <><dt>Target</dt><dd><TargetOf event={event} /></dd></>}
            {event.testId && <><dt>Test id</dt><dd>{event.testId}</dd></>}
            {event.attempt && <><dt>Attempt</dt><dd>{event.attempt}</dd></>}
          </dl>
          {event.request && event.response ? (
            <>
              <h2>Request</h2>
              <BodyOf part={event.request} label="Request" />
              <h2>Response {event.response.status}</h2>
              <BodyOf part={event.response} label="Response" />
            </>
          ) : (
            <p class="muted">No bodies for this event: each twin keeps them for its newest 500 requests it answered itself (not for injected chaos or outbound deliveries).</p>
          )}
          <h2>Event JSON</h2>
          <pre aria-label="Event JSON">{JSON.stringify({ ...event, request: undefined, response: undefined }, null, 2)}</pre>
        </>
      )}
    </section>
  );
}
