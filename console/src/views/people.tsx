// People: the org joined with the consistency report — one row per person with their status in
// every twin and any drift from Okta (virtualised, filterable); /people/<email> shows one person.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { control, orgOnce, TWINS, type TwinName } from '../api';
import { Badge, ErrorBox, Loading, VirtualList } from '../components';
import { useEventStream } from '../live';
import { href, useRoute } from '../router';
import type { ConsistencyReport, Org, OrgPerson, PersonReport, Presence } from '../types';

interface Row {
  person: OrgPerson | null;
  email: string;
  report: PersonReport | undefined;
  /** Lower-cased text the filter box searches. */
  haystack: string;
}

const ROW_HEIGHT = 36;
const COLUMNS = 'minmax(140px,1.2fr) minmax(180px,1.5fr) minmax(120px,1fr) minmax(100px,0.8fr) repeat(4, 104px) 64px';

function usePeople() {
  const [data, setData] = useState<{ org: Org; report: ConsistencyReport } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The org (names, titles, managers) is read once; the report of who is where on every change.
  const load = () => Promise.all([orgOnce<Org>(), control<ConsistencyReport>('/consistency')]).then(([org, report]) => {
    setData({ org, report });
    setError(null);
  }, setError);
  useEffect(() => {
    void load();
    return () => clearTimeout(pending.current);
  }, []);
  // A change in any twin may change someone's status: re-read after writes and deliveries, at most
  // once a second while they keep coming (the report covers everyone, so it is not read per event).
  useEventStream({}, (event) => {
    if ((event.method === 'GET' && event.direction === 'in') || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      void load();
    }, 1000);
  });
  return { data, error };
}

function rowsOf(org: Org, report: ConsistencyReport): Row[] {
  const reports = new Map(report.people.map((p) => [p.email.toLowerCase(), p]));
  const rows: Row[] = org.people.map((person) => {
    const email = person.email.toLowerCase();
    return { person, email: person.email, report: reports.get(email), haystack: `${person.name} ${person.email} ${person.title} ${person.department}`.toLowerCase() };
  });
  // People some twin holds but the org (Okta) does not.
  const known = new Set(org.people.map((p) => p.email.toLowerCase()));
  for (const p of report.people) {
    if (!known.has(p.email)) rows.push({ person: null, email: p.email, report: p, haystack: `${nameOf(p) ?? ''} ${p.email}`.toLowerCase() });
  }
  return rows;
}

export function PeopleView() {
  const [email] = useRoute();
  const { data, error } = usePeople();
  if (!data) return <><h1>People</h1><ErrorBox error={error} />{!error && <Loading what="people" />}</>;
  return email ? <PersonDetail email={email} org={data.org} report={data.report} /> : <PeopleList org={data.org} report={data.report} error={error} />;
}

/** The name some twin holds for a person the org does not list (e.g. created in Okta since the seed). */
function nameOf(report: PersonReport | undefined): string | undefined {
  return Object.values(report?.twins ?? {}).map((p) => (p === 'absent' ? undefined : p.name)).find(Boolean);
}

function statusOf(presence: Presence | undefined): string {
  return !presence || presence === 'absent' ? 'absent' : presence.status;
}

function PeopleList({ org, report, error }: { org: Org; report: ConsistencyReport; error: unknown }) {
  const [filter, setFilter] = useState('');
  const [driftOnly, setDriftOnly] = useState(false);
  const all = useMemo(() => rowsOf(org, report), [org, report]);
  const rows = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    return all.filter((row) => (!driftOnly || row.report?.drift.length) && words.every((w) => row.haystack.includes(w)));
  }, [all, filter, driftOnly]);
  return (
    <section aria-labelledby="people-title">
      <h1 id="people-title">People</h1>
      <ErrorBox error={error} />
      <div class="row people-toolbar">
        <label>
          Filter (name, email, title, department)
          <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} size={36} />
        </label>
        <label class="people-check">
          <span><input type="checkbox" checked={driftOnly} onChange={(e) => setDriftOnly(e.currentTarget.checked)} /> only people with drift</span>
        </label>
        <span class="spacer" />
        <span class="muted" role="status">{rows.length} of {all.length} people · {report.drifting} with drift</span>
      </div>
      <div class="cols cols-head" style={{ gridTemplateColumns: COLUMNS }} aria-hidden="true">
        <span>Name</span><span>Email</span><span>Title</span><span>Department</span>
        {TWINS.map((t) => <span key={t}>{t}</span>)}<span>Drift</span>
      </div>
      <VirtualList items={rows} rowHeight={ROW_HEIGHT} label="People" render={(row) => (
        <div class="cols" style={{ gridTemplateColumns: COLUMNS }}>
          <span><a href={href('people', row.email)}>{row.person?.name ?? nameOf(row.report) ?? row.email}</a></span>
          <span>{row.email}</span>
          <span>{row.person?.title ?? ''}</span>
          <span>{row.person?.department ?? ''}</span>
          {TWINS.map((t) => <span key={t}><Badge status={statusOf(row.report?.twins[t])} title={`${t}: ${statusOf(row.report?.twins[t])}`} /></span>)}
          <span>{row.report?.drift.length ? <Badge status="drift" title={row.report.drift.map((d) => d.message).join('\n')} /> : ''}</span>
        </div>
      )} />
    </section>
  );
}

/** Where a twin's id for a person leads in the console. */
function twinLink(twin: TwinName, id: string, email: string): string {
  switch (twin) {
    case 'okta': return href('okta', 'users', id);
    case 'google': return href('drive', email);
    default: return href(twin);
  }
}

function PersonDetail({ email, org, report }: { email: string; org: Org; report: ConsistencyReport }) {
  const person = org.people.find((p) => p.email.toLowerCase() === email.toLowerCase()) ?? null;
  const personReport = report.people.find((p) => p.email === email.toLowerCase());
  const manager = person?.manager ? org.people.find((p) => p.email === person.manager) : undefined;
  if (!person && !personReport) {
    return <><h1>Not found</h1><p>No person {email} in this universe. <a href="/people">All people</a></p></>;
  }
  return (
    <section aria-labelledby="person-title" class="person">
      <p><a href="/people">← People</a></p>
      <div class="row person-head">
        {person && <img class="person-avatar" src={person.avatarUrl} alt={`${person.name}'s avatar`} width={72} height={72} onError={(e) => (e.currentTarget.style.visibility = 'hidden')} />}
        <div>
          <h1 id="person-title">{person?.name ?? nameOf(personReport) ?? email}</h1>
          <p class="muted">{person ? `${person.title} · ${person.department}` : 'not in the org (Okta)'}</p>
        </div>
      </div>
      {person && (
        <dl class="person-facts">
          <dt>Email</dt><dd>{person.email}</dd>
          <dt>Manager</dt><dd>{person.manager ? <a href={href('people', person.manager)}>{manager?.name ?? person.manager}</a> : '—'}</dd>
          <dt>Location</dt><dd>{person.location} ({person.timezone})</dd>
          <dt>Employee number</dt><dd>{person.employeeNumber}</dd>
          <dt>Start date</dt><dd>{person.startDate}</dd>
          {person.admin && <><dt>Admin</dt><dd>yes</dd></>}
        </dl>
      )}
      <h2>In each twin</h2>
      <table class="table">
        <thead><tr><th scope="col">Twin</th><th scope="col">Status</th><th scope="col">Id</th><th scope="col">Name there</th></tr></thead>
        <tbody>
          {TWINS.filter((t) => personReport && t in personReport.twins).map((t) => {
            const presence = personReport!.twins[t];
            return (
              <tr key={t}>
                <th scope="row">{t}</th>
                <td><Badge status={statusOf(presence)} /></td>
                <td>{presence === 'absent' ? '—' : <a href={twinLink(t, presence.id, email)}><code>{presence.id}</code></a>}</td>
                <td>{presence === 'absent' ? '' : presence.name ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Drift</h2>
      {personReport?.drift.length ? (
        <ul class="person-drift">{personReport.drift.map((d, i) => <li key={i}><Badge status="drift" /> {d.message}</li>)}</ul>
      ) : <p class="muted">None: every twin agrees with Okta.</p>}
    </section>
  );
}
