// Okta: users (paged by the Link header as you scroll, searchable by email), a user's profile, groups,
// app assignments and their provisioning syncState; groups with members; apps with assignments; the
// System Log, newest first, live.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { control } from '../api';
import { ErrorBox, Loading, Table } from '../components/status';
import { VirtualList } from '../components/virtual-list';
import { formatTime, isWrite, useDebounced, useLoad } from '../components/vendor-data';
import { LoadMore, okta, statusClass, usePaged, type AppLink, type AppUser, type LogEvent, type OktaApp, type OktaGroup, type OktaUser } from '../components/vendor-okta';
import { useEventStream } from '../live';
import { href, useRoute } from '../router';
import './okta.css';

const TABS = [
  { path: 'users', title: 'Users' },
  { path: 'groups', title: 'Groups' },
  { path: 'apps', title: 'Applications' },
  { path: 'logs', title: 'System Log' },
];

export function OktaView() {
  const [section = 'users', id] = useRoute();
  return (
    <div class="okta-view">
      <header class="okta-head">
        <h1>Okta</h1>
        <nav aria-label="Okta sections">
          <ul class="okta-tabs">
            {TABS.map((t) => (
              <li key={t.path}><a href={href('okta', t.path)} aria-current={section === t.path ? 'page' : undefined}>{t.title}</a></li>
            ))}
          </ul>
        </nav>
      </header>
      {section === 'users' && (id ? <UserPage key={id} id={id} /> : <UserList />)}
      {section === 'groups' && (id ? <GroupPage key={id} id={id} /> : <GroupList />)}
      {section === 'apps' && (id ? <AppPage key={id} id={id} /> : <AppList />)}
      {section === 'logs' && <SystemLog />}
    </div>
  );
}

function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${statusClass(status)}`}>{status}</span>;
}

const displayName = (u: OktaUser) => [u.profile.firstName, u.profile.lastName].filter(Boolean).join(' ') || u.profile.login;

function UserList() {
  const [search, setSearch] = useState('');
  const term = search.trim().replace(/"/g, '');
  const first = term ? `/api/v1/users?limit=200&search=${encodeURIComponent(`profile.email sw "${term}"`)}` : '/api/v1/users?limit=200';
  const users = usePaged<OktaUser>(first);
  const rows: (OktaUser | null)[] = users.next ? [...users.items, null] : users.items;
  return (
    <section aria-labelledby="okta-users-title">
      <h2 id="okta-users-title">Users</h2>
      <label class="okta-search">
        Search by email (starts with)
        <input type="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorBox error={users.error} />
      <div class="cols okta-user-cols okta-list-head" aria-hidden="true"><span>Name</span><span>Email</span><span>Department</span><span>Status</span></div>
      <VirtualList items={rows} rowHeight={36} label="Users" height="calc(100vh - 300px)" render={(u) => u === null
        ? <LoadMore key={users.items.length} onVisible={users.more} />
        : (
          <a class="cols okta-user-cols okta-row-link" href={href('okta', 'users', u.id)}>
            <span>{displayName(u)}</span><span class="muted">{u.profile.email ?? u.profile.login}</span>
            <span>{u.profile.department ?? ''}</span><span><StatusBadge status={u.status} /></span>
          </a>
        )} />
      {users.loading && users.items.length === 0 && <Loading what="users" />}
      <p class="muted">{users.items.length}{users.next ? '+' : ''} users</p>
    </section>
  );
}

function UserPage({ id }: { id: string }) {
  const user = useLoad(() => okta<OktaUser>(`/api/v1/users/${encodeURIComponent(id)}`), [id]);
  const groups = useLoad(() => okta<OktaGroup[]>(`/api/v1/users/${encodeURIComponent(id)}/groups`), [id]);
  // Each assignment, with the App User behind it (its provisioning status and syncState).
  const apps = useLoad(async () => {
    const links = await okta<AppLink[]>(`/api/v1/users/${encodeURIComponent(id)}/appLinks`);
    return Promise.all(links.map(async (link) => ({
      link, appUser: await okta<AppUser>(`/api/v1/apps/${link.appInstanceId}/users/${encodeURIComponent(id)}`).catch(() => undefined),
    })));
  }, [id]);
  const u = user.data;
  return (
    <section aria-labelledby="okta-user-title">
      <p class="okta-crumbs"><a href={href('okta', 'users')}>Users</a></p>
      <ErrorBox error={user.error} />
      {user.loading && !u && <Loading what="user" />}
      {u && (
        <>
          <h2 id="okta-user-title">{displayName(u)} <StatusBadge status={u.status} /></h2>
          <h3>Profile</h3>
          <dl class="okta-profile">
            {Object.entries(u.profile).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => (
              <Fragment key={k}><dt>{k}</dt><dd>{String(v)}</dd></Fragment>
            ))}
            <dt>id</dt><dd class="mono">{u.id}</dd>
            <dt>created</dt><dd>{formatTime(u.created)}</dd>
            <dt>lastLogin</dt><dd>{u.lastLogin ? formatTime(u.lastLogin) : 'never'}</dd>
          </dl>
        </>
      )}
      <h3>Groups</h3>
      <ErrorBox error={groups.error} />
      {groups.data && (
        <ul class="okta-chips" aria-label="Groups">
          {groups.data.map((g) => <li key={g.id}><a href={href('okta', 'groups', g.id)}>{g.profile.name}</a></li>)}
        </ul>
      )}
      <h3>Applications</h3>
      <ErrorBox error={apps.error} />
      {apps.loading && !apps.data && <Loading what="applications" />}
      {apps.data && (
        <Table caption="Assigned applications" rows={apps.data} rowKey={(a) => a.link.id} columns={[
          { title: 'Application', cell: (a) => <a href={href('okta', 'apps', a.link.appInstanceId)}>{a.link.label}</a> },
          { title: 'Assigned', cell: (a) => a.appUser?.scope === 'GROUP' ? 'via group' : a.appUser ? 'directly' : '' },
          { title: 'Username', cell: (a) => a.appUser?.credentials?.userName ?? '' },
          { title: 'Status', cell: (a) => a.appUser ? <StatusBadge status={a.appUser.status} /> : '' },
          { title: 'Sync state', cell: (a) => a.appUser?.syncState ? <StatusBadge status={a.appUser.syncState} /> : '' },
        ]} />
      )}
    </section>
  );
}

function GroupList() {
  const groups = usePaged<OktaGroup>('/api/v1/groups?limit=200');
  const rows: (OktaGroup | null)[] = groups.next ? [...groups.items, null] : groups.items;
  return (
    <section aria-labelledby="okta-groups-title">
      <h2 id="okta-groups-title">Groups</h2>
      <ErrorBox error={groups.error} />
      <VirtualList items={rows} rowHeight={36} label="Groups" height="calc(100vh - 240px)" render={(g) => g === null
        ? <LoadMore key={groups.items.length} onVisible={groups.more} />
        : (
          <a class="cols okta-group-cols okta-row-link" href={href('okta', 'groups', g.id)}>
            <span>{g.profile.name}</span><span class="muted">{g.profile.description ?? ''}</span><span class="muted">{g.type}</span>
          </a>
        )} />
    </section>
  );
}

function GroupPage({ id }: { id: string }) {
  const group = useLoad(() => okta<OktaGroup>(`/api/v1/groups/${encodeURIComponent(id)}`), [id]);
  const members = usePaged<OktaUser>(`/api/v1/groups/${encodeURIComponent(id)}/users?limit=200`);
  const rows: (OktaUser | null)[] = members.next ? [...members.items, null] : members.items;
  return (
    <section aria-labelledby="okta-group-title">
      <p class="okta-crumbs"><a href={href('okta', 'groups')}>Groups</a></p>
      <ErrorBox error={group.error ?? members.error} />
      <h2 id="okta-group-title">{group.data?.profile.name ?? id}</h2>
      {group.data?.profile.description && <p>{group.data.profile.description}</p>}
      <h3>Members ({members.items.length}{members.next ? '+' : ''})</h3>
      <VirtualList items={rows} rowHeight={36} label="Members" height="calc(100vh - 320px)" render={(u) => u === null
        ? <LoadMore key={members.items.length} onVisible={members.more} />
        : (
          <a class="cols okta-user-cols okta-row-link" href={href('okta', 'users', u.id)}>
            <span>{displayName(u)}</span><span class="muted">{u.profile.email ?? u.profile.login}</span>
            <span>{u.profile.department ?? ''}</span><span><StatusBadge status={u.status} /></span>
          </a>
        )} />
    </section>
  );
}

function AppList() {
  const apps = useLoad(() => okta<OktaApp[]>('/api/v1/apps?limit=200'), []);
  return (
    <section aria-labelledby="okta-apps-title">
      <h2 id="okta-apps-title">Applications</h2>
      <ErrorBox error={apps.error} />
      {apps.loading && !apps.data && <Loading what="applications" />}
      {apps.data && (
        <Table rows={apps.data} rowKey={(a) => a.id} columns={[
          { title: 'Application', cell: (a) => <a href={href('okta', 'apps', a.id)}>{a.label}</a> },
          { title: 'Name', cell: (a) => a.name },
          { title: 'Sign-on', cell: (a) => a.signOnMode ?? '' },
          { title: 'Status', cell: (a) => <StatusBadge status={a.status} /> },
        ]} />
      )}
    </section>
  );
}

function AppPage({ id }: { id: string }) {
  const app = useLoad(() => okta<OktaApp>(`/api/v1/apps/${encodeURIComponent(id)}`), [id]);
  const groups = useLoad(() => okta<{ id: string }[]>(`/api/v1/apps/${encodeURIComponent(id)}/groups`)
    .then((assigned) => Promise.all(assigned.map((g) => okta<OktaGroup>(`/api/v1/groups/${g.id}`).catch(() => ({ id: g.id, type: '', profile: { name: g.id } }))))), [id]);
  const users = usePaged<AppUser>(`/api/v1/apps/${encodeURIComponent(id)}/users?limit=200`);
  const rows: (AppUser | null)[] = users.next ? [...users.items, null] : users.items;
  return (
    <section aria-labelledby="okta-app-title">
      <p class="okta-crumbs"><a href={href('okta', 'apps')}>Applications</a></p>
      <ErrorBox error={app.error ?? users.error} />
      <h2 id="okta-app-title">{app.data?.label ?? id} {app.data && <StatusBadge status={app.data.status} />}</h2>
      <h3>Assigned groups</h3>
      <ErrorBox error={groups.error} />
      {groups.data && (groups.data.length === 0 ? <p class="muted">None.</p> : (
        <ul class="okta-chips" aria-label="Assigned groups">
          {groups.data.map((g) => <li key={g.id}><a href={href('okta', 'groups', g.id)}>{g.profile.name}</a></li>)}
        </ul>
      ))}
      <h3>Assigned users ({users.items.length}{users.next ? '+' : ''})</h3>
      <div class="cols okta-appuser-cols okta-list-head" aria-hidden="true"><span>Username</span><span>Assigned</span><span>Status</span><span>Sync state</span></div>
      <VirtualList items={rows} rowHeight={36} label="Assigned users" height="calc(100vh - 400px)" render={(a) => a === null
        ? <LoadMore key={users.items.length} onVisible={users.more} />
        : (
          <a class="cols okta-appuser-cols okta-row-link" href={href('okta', 'users', a.id)}>
            <span>{a.credentials?.userName ?? a.id}</span><span class="muted">{a.scope === 'GROUP' ? 'via group' : 'directly'}</span>
            <span><StatusBadge status={a.status} /></span><span>{a.syncState && <StatusBadge status={a.syncState} />}</span>
          </a>
        )} />
    </section>
  );
}

/** The System Log of the last 7 days (by the universe clock), newest first; refetched on every Okta write. */
function SystemLog() {
  const log = useLoad(async () => {
    const { epochMs } = await control<{ epochMs: number }>('/clock');
    const since = new Date(epochMs - 7 * 24 * 3600_000).toISOString();
    const until = new Date(epochMs + 60_000).toISOString();
    const params = new URLSearchParams({ since, until, sortOrder: 'DESCENDING', limit: '200' });
    return okta<LogEvent[]>(`/api/v1/logs?${params}`);
  }, []);
  const refresh = useDebounced(log.reload, 300);
  useEventStream({ twin: 'okta' }, (event) => {
    if (isWrite(event) || event.direction === 'out') refresh();
  });
  return (
    <section aria-labelledby="okta-log-title">
      <h2 id="okta-log-title">System Log</h2>
      <ErrorBox error={log.error} />
      {log.loading && !log.data && <Loading what="events" />}
      {log.data && log.data.length === 0 && <p class="muted">No events in the last 7 days.</p>}
      {log.data && log.data.length > 0 && (
        <Table rows={log.data} rowKey={(e) => e.uuid} columns={[
          { title: 'Time', cell: (e) => formatTime(e.published) },
          { title: 'Event', cell: (e) => <><span class="mono">{e.eventType}</span><br /><span class="muted">{e.displayMessage ?? ''}</span></> },
          { title: 'Actor', cell: (e) => e.actor?.displayName ?? e.actor?.alternateId ?? '' },
          { title: 'Target', cell: (e) => [...new Set((e.target ?? []).map((t) => t.displayName ?? t.alternateId))].join(', ') },
          { title: 'Outcome', cell: (e) => e.outcome ? <StatusBadge status={e.outcome.result} /> : '' },
        ]} />
      )}
    </section>
  );
}
