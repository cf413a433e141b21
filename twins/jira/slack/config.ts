// The "Jira Cloud for Slack" connection as configured data: which Slack channel hears about which
// projects' events. Kept in JiraData (snapshots carry it; reset removes it), set through the twin's
// control route PUT /_dtu/jira/slack-integration.

export const SLACK_EVENTS = ['issue_created', 'issue_transitioned'] as const;
export type SlackEventName = (typeof SLACK_EVENTS)[number];

export interface SlackIntegration {
  /** A channel id (C…/G…) or a public channel's name (with or without "#"). */
  channel: string;
  /** Project keys whose events are posted; empty = every project. */
  projects: string[];
  events: SlackEventName[];
}

export interface JiraIntegrations {
  slack: SlackIntegration | null;
}

export const noIntegrations = (): JiraIntegrations => ({ slack: null });

/** The checked configuration, or the message of the first problem. */
export function parseSlackIntegration(body: unknown, projectKeys: Set<string>): SlackIntegration | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object {"channel", "projects"?, "events"?}';
  const { channel, projects, events, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) return `unknown field "${unknown[0]}" (fields: channel, projects, events)`;
  if (typeof channel !== 'string' || !/^(#?[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{2,})$/.test(channel)) {
    return 'channel must be a channel id (C…) or a channel name such as "#general"';
  }
  const keys = projects ?? [];
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) return 'projects must be a list of project keys';
  const missing = (keys as string[]).find((k) => !projectKeys.has(k.toUpperCase()));
  if (missing !== undefined) return `no project with key "${missing}"`;
  const names = events ?? ['issue_created'];
  if (!Array.isArray(names) || !names.length) return `events must be a non-empty list of ${SLACK_EVENTS.join(', ')}`;
  const bad = names.find((e) => !SLACK_EVENTS.includes(e as SlackEventName));
  if (bad !== undefined) return `unknown event ${JSON.stringify(bad)} (events: ${SLACK_EVENTS.join(', ')})`;
  return { channel, projects: [...new Set((keys as string[]).map((k) => k.toUpperCase()))], events: [...new Set(names as SlackEventName[])] };
}
