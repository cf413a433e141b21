// --persist DIR: state survives restarts and kill -9; the file is always readable; nothing acknowledged is lost.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwinProcess, runDtu, type DtuProcess } from '../helpers/spawn-dtu.js';

const running: DtuProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill('SIGKILL')));
});

/** The bot's messages in #general (the twin also seeds history, kept per channel). */
const botTexts = (data: { channels: { id: string; is_general: boolean }[]; messages: Record<string, { user: string; text: string }[]> }, bot: string) =>
  data.messages[data.channels.find((c) => c.is_general)!.id].filter((m) => m.user === bot).map((m) => m.text);

async function slack(dir: string, extra: string[] = []) {
  const proc = await startTwinProcess('slack', ['--persist', dir, '--seed', '3', '--users', '10', ...extra]);
  running.push(proc);
  const creds = (await (await fetch(`${proc.url}/_dtu/credentials`)).json()).slack;
  const post = (text: string) => fetch(`${proc.url}/api/chat.postMessage`, {
    method: 'POST', headers: { authorization: `Bearer ${creds.botToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'general', text }),
  }).then((r) => r.json());
  const history = async () => (await (await fetch(`${proc.url}/api/conversations.history?channel=${(await post('x')).channel}`, { headers: { authorization: `Bearer ${creds.botToken}` } })).json()).messages;
  const texts = async (): Promise<string[]> => {
    const snapshot = await (await fetch(`${proc.url}/_dtu/snapshot`)).json();
    return botTexts(snapshot.twins.slack, creds.botUserId);
  };
  return { proc, post, history, texts };
}

describe('--persist', () => {
  it('keeps state across kill -9 and restart, in a readable JSON file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtu-persist-'));
    const first = await slack(dir);
    for (const text of ['one', 'two', 'three']) expect((await first.post(text)).ok).toBe(true);
    await first.proc.kill('SIGKILL');

    const file = JSON.parse(readFileSync(join(dir, 'slack.json'), 'utf8'));
    expect(file).toMatchObject({ version: 1, twin: 'slack', seed: 3 });
    expect(botTexts(file.data, file.data.app.bot_user_id)).toEqual(['one', 'two', 'three']);

    const second = await slack(dir);
    expect(await second.texts()).toEqual(['one', 'two', 'three']);
  });

  it('a restart keeps the saved seed and its credentials even when started with another seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtu-persist-'));
    const first = await slack(dir);
    const { apiUrl: _url, ...creds } = (await (await fetch(`${first.proc.url}/_dtu/credentials`)).json()).slack;
    await first.proc.kill();
    const proc = await startTwinProcess('slack', ['--persist', dir, '--seed', '4', '--users', '10']);
    running.push(proc);
    expect((await (await fetch(`${proc.url}/_dtu/health`)).json()).seed).toBe(3);
    expect((await (await fetch(`${proc.url}/_dtu/credentials`)).json()).slack).toMatchObject(creds);
  });

  it('reset is persisted too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtu-persist-'));
    const first = await slack(dir);
    await first.post('gone after reset');
    await fetch(`${first.proc.url}/_dtu/reset`, { method: 'POST' });
    await first.proc.kill('SIGKILL');
    expect(await (await slack(dir)).texts()).toEqual([]);
  });

  it('kill -9 at random points during writes: the file always loads and every acknowledged write is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtu-persist-'));
    const acknowledged: string[] = [];
    for (let round = 0; round < 6; round++) {
      const twin = await slack(dir);
      // A write can reach the disk and die before its answer does: present but unacknowledged is fine.
      const recovered = await twin.texts();
      expect(acknowledged.filter((text) => !recovered.includes(text))).toEqual([]);
      // Several writers at once, killed after a random moment.
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const text = `r${round}-w${w}-${i}`;
          try {
            if ((await twin.post(text)).ok) acknowledged.push(text);
          } catch {
            return; // the process died mid-request: not acknowledged
          }
        }
      };
      const writers = [0, 1, 2].map(writer);
      await new Promise((resolve) => setTimeout(resolve, 30 + Math.random() * 120));
      await twin.proc.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      JSON.parse(readFileSync(join(dir, 'slack.json'), 'utf8'));
    }
    const recovered = await (await slack(dir)).texts();
    expect(acknowledged.filter((text) => !recovered.includes(text))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(6);
  });

  it('refuses to start on a state file that is not readable, and says which file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtu-persist-'));
    writeFileSync(join(dir, 'slack.json'), '{"version":1,');
    const { code, output } = await runDtu(['twin', 'slack', '--port', '0', '--persist', dir]);
    expect(code).toBe(1);
    expect(output).toContain(join(dir, 'slack.json'));
    expect(output).toContain('not readable JSON');
  });
});
