// Flag definitions shared by the CLI commands. Every flag also reads DTU_<FLAG> from the environment
// (--rate-limits → DTU_RATE_LIMITS); a flag given on the command line wins.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LOG_LEVELS, type LogLevel } from '../kernel/twin-server.js';

export class UsageError extends Error {}

export interface FlagSpec {
  name: string;
  /** What the flag takes; '' for a switch (given = "true"; its variable is on when 1 or true). */
  value: string;
  help: string;
}

export const FLAGS: Record<string, FlagSpec> = {
  seed: { name: 'seed', value: 'N', help: 'universe seed: same seed, same org, ids and credentials (default 42)' },
  fixture: { name: 'fixture', value: 'FILE', help: 'org definition: a name in fixtures/ (small, large) or a JSON/YAML path' },
  users: { name: 'users', value: 'N', help: 'head count of a generated org (default 40)' },
  chaos: { name: 'chaos', value: 'SPEC', help: 'startup chaos rules, e.g. slack:rate_limit@0.1~chat.postMessage,okta:latency=300' },
  'rate-limits': { name: 'rate-limits', value: 'off|realistic', help: "vendor rate limits as token buckets (default off)" },
  persist: { name: 'persist', value: 'DIR', help: 'keep state across restarts in DIR/<twin>.json' },
  host: { name: 'host', value: 'H', help: 'address to bind (default 127.0.0.1)' },
  'port-base': { name: 'port-base', value: 'P', help: 'control plane on P, okta P+1, slack P+2, jira P+3, google P+4 (default 4100; 0 = free ports)' },
  port: { name: 'port', value: 'P', help: 'port to listen on (default: the contract port)' },
  'public-url': { name: 'public-url', value: 'URL', help: 'base URL this twin puts into URLs it hands out' },
  peers: { name: 'peers', value: 'LIST', help: 'twin: where the other twins listen, name=url,... (Okta provisioning, Jira→Slack notifications)' },
  'public-url-template': { name: 'public-url-template', value: 'T', help: 'base URL of every twin, e.g. http://localhost:{port}' },
  'log-level': { name: 'log-level', value: 'LEVEL', help: `${LOG_LEVELS.join('|')} (default silent)` },
  'no-console': { name: 'no-console', value: '', help: 'do not serve the web console at / on the control plane' },
  twins: { name: 'twins', value: 'LIST', help: 'up: run only these twins (okta,slack,...); control-plane: name=url,... of the twins to steer' },
};

export const envName = (flag: string) => `DTU_${flag.toUpperCase().replace(/-/g, '_')}`;

/** Parses argv for the given flags, filling gaps from DTU_* variables. Unknown flags are a UsageError. */
export function readFlags(argv: string[], flags: string[], positionals = 0): { values: Record<string, string | undefined>; positionals: string[]; help: boolean } {
  const options: ParseArgsConfig['options'] = { help: { type: 'boolean', short: 'h' } };
  for (const flag of flags) options[flag] = { type: FLAGS[flag].value ? 'string' : 'boolean' };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: positionals > 0, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, ''));
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  const values: Record<string, string | undefined> = {};
  for (const flag of flags) {
    const given = parsed.values[flag] as string | boolean | undefined;
    const fromEnv = process.env[envName(flag)];
    values[flag] = FLAGS[flag].value
      ? (given as string | undefined) ?? fromEnv ?? undefined
      : given || fromEnv === '1' || fromEnv?.toLowerCase() === 'true' ? 'true' : undefined;
  }
  return { values, positionals: parsed.positionals, help: Boolean(parsed.values.help) };
}

export function integerFlag(values: Record<string, string | undefined>, flag: string, min: number, max: number): number | undefined {
  const raw = values[flag];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

export function choiceFlag<T extends string>(values: Record<string, string | undefined>, flag: string, choices: readonly T[]): T | undefined {
  const raw = values[flag];
  if (raw === undefined || raw === '') return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got "${raw}"`);
  return raw as T;
}

export const logLevelFlag = (values: Record<string, string | undefined>): LogLevel | undefined => choiceFlag(values, 'log-level', LOG_LEVELS);

export function helpText(usage: string, about: string, flags: string[]): string {
  const flagUsage = (f: string) => `--${f}${FLAGS[f].value ? ` ${FLAGS[f].value}` : ''}`;
  const width = Math.max(...flags.map((f) => flagUsage(f).length));
  const lines = flags.map((f) => `  ${flagUsage(f).padEnd(width)}  ${FLAGS[f].help}  [${envName(f)}${FLAGS[f].value ? '' : '=1'}]`);
  return `Usage: ${usage}\n\n${about}\n\nOptions:\n${lines.join('\n')}\n  ${'-h, --help'.padEnd(width)}  this help\n`;
}
