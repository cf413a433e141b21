// The shell: a header with the universe's name and seed, the navigation, and the view for the URL.
import { useEffect, useState } from 'preact/hooks';
import { orgOnce } from './api';
import { usePath } from './router';
import { ChaosView } from './views/chaos';
import { DriveView } from './views/drive';
import { JiraView } from './views/jira';
import { JournalView } from './views/journal';
import { OktaView } from './views/okta';
import { PeopleView } from './views/people';
import { SlackView } from './views/slack';
import { readHealth, UniverseView } from './views/universe';

const VIEWS = [
  { path: '', title: 'Universe', view: UniverseView },
  { path: 'people', title: 'People', view: PeopleView },
  { path: 'slack', title: 'Slack', view: SlackView },
  { path: 'jira', title: 'Jira', view: JiraView },
  { path: 'drive', title: 'Drive', view: DriveView },
  { path: 'okta', title: 'Okta', view: OktaView },
  { path: 'chaos', title: 'Chaos', view: ChaosView },
  { path: 'journal', title: 'Journal', view: JournalView },
];

export function App() {
  const segments = usePath();
  const current = VIEWS.find((v) => v.path === (segments[0] ?? '')) ?? null;
  const [about, setAbout] = useState<{ name: string; seed: number } | null>(null);

  useEffect(() => {
    Promise.all([orgOnce<{ name: string }>(), readHealth()])
      .then(([org, health]) => setAbout({ name: org.name, seed: health.seed }))
      .catch(() => setAbout(null));
  }, []);
  useEffect(() => {
    document.title = `${current?.title ?? 'Not found'} · DTU console`;
  }, [current]);

  const View = current?.view;
  return (
    <div class="app">
      <header class="app-header">
        <a class="brand" href="/">DTU console</a>
        {about && <span class="universe">{about.name} · seed {about.seed}</span>}
        <nav class="app-nav" aria-label="Views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.path}>
                <a href={`/${v.path}`} aria-current={v === current ? 'page' : undefined}>{v.title}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main class="app-main">
        {View ? <View key={current!.path} /> : (
          <>
            <h1>Not found</h1>
            <p>No console view at {location.pathname}. <a href="/">Back to the universe</a>.</p>
          </>
        )}
      </main>
    </div>
  );
}
