// Every twin of the universe, by name. The kernel knows twins only through this table.
import type { TwinDefinition } from '../shared/kernel/twin-definition.js';
import type { TwinName } from '../shared/twin-names.js';
import { googleTwin } from './google/index.js';
import { jiraTwin } from './jira/index.js';
import { oktaTwin } from './okta/index.js';
import { slackTwin } from './slack/index.js';

export const TWINS: Record<TwinName, TwinDefinition<object>> = {
  okta: oktaTwin as TwinDefinition<object>,
  slack: slackTwin as TwinDefinition<object>,
  jira: jiraTwin as TwinDefinition<object>,
  google: googleTwin as TwinDefinition<object>,
};
