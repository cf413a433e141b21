// The connector of a provisioning app, bound to its peer twin's URL and credentials. A peer that hands
// out no provisioning credentials → null: provisioning is off for that app (triggers check `provisions`,
// so without a peer nothing is queued at all). A peer that does not answer is a retryable failure (status 0).
import { PeerUnavailableError } from '../../../shared/kernel/peers.js';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import type { OktaApp } from '../apps.js';
import type { OktaData } from '../store.js';
import { googleConnector } from './google.js';
import { jiraConnector } from './jira.js';
import { targetOf } from './model.js';
import { slackConnector } from './slack.js';
import { PushError, type CallContext, type Connector } from './targets.js';

/** Whether the app provisions anywhere right now (a synchronous check, used when enqueueing). */
export function provisions(ctx: TwinContext<OktaData>, app: OktaApp): boolean {
  const target = targetOf(app);
  return !!target && !!ctx.peers.url(target);
}

export async function connectorFor(ctx: TwinContext<OktaData>, data: OktaData, app: OktaApp): Promise<Connector | null> {
  const target = targetOf(app);
  if (!target) return null;
  const base = ctx.peers.url(target);
  // Tasks are queued only while the peer is known; one unknown now is a start-up race (tasks resumed from
  // --persist before the universe told this twin where its peers listen): try again later.
  if (!base) throw new PushError(`no ${target} twin configured (peers)`, 0, true);
  let credentials: Record<string, any>;
  try {
    credentials = await ctx.peers.credentials(target, ctx.seed());
  } catch (error) {
    if (error instanceof PeerUnavailableError) throw new PushError(error.message, 0, true);
    throw error;
  }
  const c: CallContext = { ctx, data, app, target };
  if (target === 'slack') return slackConnector(c, base, credentials);
  if (target === 'google') {
    const domain = typeof app.settings.app.domain === 'string' ? app.settings.app.domain : ctx.org().domain;
    return googleConnector(c, base, credentials, domain);
  }
  return jiraConnector(c, credentials);
}
