// The dtu command: help, clear errors with non-zero exits, env, and up end to end.
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { runDtu, spawnDtu, type DtuProcess } from '../helpers/spawn-dtu.js';

describe('dtu --help', () => {
  it('lists the commands', async () => {
    const { code, output } = await runDtu(['--help']);
    expect(code).toBe(0);
    for (const command of ['up', 'twin NAME', 'control-plane', 'env']) expect(output).toContain(command);
  });

  it.each([
    ['up', ['--seed', '--fixture', '--users', '--chaos', '--rate-limits', '--persist', '--host', '--port-base', '--public-url-template', '--log-level', 'DTU_SEED']],
    ['twin', ['--port', '--public-url', 'DTU_PUBLIC_URL']],
    ['control-plane', ['--twins', 'DTU_TWINS']],
    ['env', ['--seed', '--port-base']],
  ])('dtu %s --help lists its flags and their variables', async (command, flags) => {
    const { code, output } = await runDtu([command, '--help']);
    expect(code).toBe(0);
    for (const flag of flags) expect(output).toContain(flag);
  });
});

describe('bad input exits non-zero with a clear message', () => {
  let blocker: Server;
  afterAll(() => blocker?.close());

  it.each([
    [['launch'], 'unknown command "launch"'],
    [['up', '--sede', '1'], "Unknown option '--sede'"],
    [['up', '--seed', 'abc'], '--seed must be a whole number'],
    [['up', '--rate-limits', 'strict'], '--rate-limits must be one of off, realistic'],
    [['up', '--chaos', 'slack:explode'], 'chaos "slack:explode".effect must be one of rate_limit, error, latency, timeout, reset'],
    [['up', '--chaos', 'slack'], 'chaos "slack" is not of the form twin:effect'],
    [['up', '--chaos', 'slack:error@3'], 'probability must be a number from 0 to 1'],
    [['up', '--twins', 'okta,salesforce'], 'unknown twin "salesforce"'],
    [['twin', 'salesforce'], 'unknown twin "salesforce"'],
    [['twin'], 'needs a twin name'],
    [['up', '--fixture', 'nowhere'], 'fixture "nowhere" not found'],
    [['up', '--log-level', 'loud'], '--log-level must be one of'],
    [['control-plane'], 'needs --twins'],
  ])('dtu %j', async (args, message) => {
    const { code, output } = await runDtu(args);
    expect(code).not.toBe(0);
    expect(output).toContain(message);
    expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('environment variables are checked like flags', async () => {
    const { code, output } = await runDtu(['up'], { DTU_CHAOS: 'nope' });
    expect(code).toBe(2);
    expect(output).toContain('chaos "nope"');
  });

  it('a taken port names the port and the twin', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const { code, output } = await runDtu(['twin', 'jira', '--port', String(port)]);
    expect(code).toBe(1);
    expect(output).toContain(`port ${port} on 127.0.0.1 is already in use (jira twin)`);
  });
});

describe('dtu env', () => {
  it('prints export lines that match what a running universe would serve', async () => {
    const { code, output } = await runDtu(['env', '--seed', '5', '--port-base', '5100']);
    expect(code).toBe(0);
    expect(output).toContain("export DTU_SEED='5'");
    expect(output).toContain("export DTU_OKTA_URL='http://127.0.0.1:5101'");
    expect(output).toContain("export DTU_SLACK_API_URL='http://127.0.0.1:5102/api/'");
    expect(output).toMatch(/export DTU_SLACK_BOT_TOKEN='xoxb-[^']+'/);
    expect((await runDtu(['env', '--seed', '5', '--port-base', '5100'])).output).toBe(output);
  });
});

describe('dtu up', () => {
  let proc: DtuProcess;
  afterAll(() => proc?.kill('SIGKILL'));

  it('prints the URL and credentials table, serves health, and stops cleanly on SIGTERM', async () => {
    proc = spawnDtu(['up', '--port-base', '0', '--seed', '9', '--users', '12', '--public-url-template', 'http://localhost:{port}']);
    const [, controlUrl] = await proc.waitFor(/control\s+(http:\/\/\S+)/);
    await proc.waitFor(/Ready:/);
    expect(proc.output()).toMatch(/okta\s+http:\/\/localhost:\d+\s+SSWS 00/);
    expect(proc.output()).toMatch(/slack\s+http:\/\/localhost:\d+\/api\/\s+bot xoxb-/);
    expect(proc.output()).toContain(`Console: open ${controlUrl}/ in a browser.`);
    const health = await (await fetch(`${controlUrl.replace('localhost', '127.0.0.1')}/_dtu/health`)).json();
    expect(health).toEqual({ ok: true, seed: 9, twins: { okta: 'up', slack: 'up', jira: 'up', google: 'up' } });
    const creds = await (await fetch(`${controlUrl.replace('localhost', '127.0.0.1')}/_dtu/credentials`)).json();
    expect(creds.jira.host).toMatch(/^http:\/\/localhost:\d+$/);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('shows progress while seeding a large org', async () => {
    proc = spawnDtu(['up', '--port-base', '0', '--users', '5000', '--twins', 'slack']);
    await proc.waitFor(/Ready:/, 20_000);
    expect(proc.output()).toContain('Seeding 5000/5000 people');
    expect(proc.output()).toContain('5000 people');
    await proc.kill();
  });
});
