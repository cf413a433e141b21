// A fixture's `twins` key: per-twin configuration (here Slack's event subscription), checked at start.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FixtureError, loadOrgDefinition } from '../../shared/seeding/fixtures.js';
import { startUniverse } from '../../shared/universe/start-universe.js';

const dir = mkdtempSync(join(tmpdir(), 'dtu-twin-config-'));
const fixture = (name: string, body: string) => {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
};

describe('fixture twins key', () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(() => Promise.all(closers.map((close) => close())));

  it('seeds the Slack app event subscription from the fixture, and reset brings it back', async () => {
    const path = fixture('subscribed.yaml', [
      'generate: { users: 6 }',
      'twins:',
      '  slack:',
      '    eventSubscription: { requestUrl: "http://127.0.0.1:9/slack/events", events: [app_mention, message.channels] }',
    ].join('\n'));
    const universe = await startUniverse({ port: 0, fixture: path, twins: ['slack'] });
    closers.push(() => universe.close());
    const read = async () => (await fetch(`${universe.urls.slack}/_dtu/slack/event-subscription`)).json();
    expect(await read()).toMatchObject({ requestUrl: 'http://127.0.0.1:9/slack/events', events: ['app_mention', 'message.channels'] });
    await fetch(`${universe.urls.slack}/_dtu/slack/event-subscription`, { method: 'DELETE' });
    await universe.reset();
    expect(await read()).toMatchObject({ requestUrl: 'http://127.0.0.1:9/slack/events' });
  });

  it('refuses an unknown twin, and a twin section the twin finds wrong, naming the place', async () => {
    expect(() => loadOrgDefinition(fixture('unknown.yaml', 'generate: { users: 3 }\ntwins: { salesforce: {} }'), undefined))
      .toThrow(/unknown\.yaml:2:\d+: twins\.salesforce: is not a twin/);
    const bad = fixture('bad-slack.yaml', 'generate: { users: 3 }\ntwins: { slack: { eventSubscription: { requestUrl: "ftp://x", events: [] } } }');
    await expect(startUniverse({ port: 0, fixture: bad, twins: ['slack'] })).rejects.toThrow(FixtureError);
    await expect(startUniverse({ port: 0, fixture: bad, twins: ['slack'] })).rejects.toThrow(/bad-slack\.yaml: twins\.slack eventSubscription: /);
    const extra = fixture('extra-slack.yaml', 'generate: { users: 3 }\ntwins: { slack: { channels: [] } }');
    await expect(startUniverse({ port: 0, fixture: extra, twins: ['slack'] })).rejects.toThrow(/twins\.slack has unknown key\(s\) channels/);
  });
});
