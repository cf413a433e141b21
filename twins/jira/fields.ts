// The site's issue fields as GET /field lists them: system fields and the custom fields a Jira
// Software Cloud site has (Sprint, Story Points, Epic Link, Rank, Team), with their schema and JQL
// clause names. expand=names,schema and the JQL field lookup read the same catalogue.

export interface FieldSchema { type: string; items?: string; system?: string; custom?: string; customId?: number }
export interface FieldDef {
  id: string;
  name: string;
  custom: boolean;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema?: FieldSchema;
}

const sys = (id: string, name: string, type: string, clauseNames: string[], extra: Partial<FieldDef> & { items?: string } = {}): FieldDef => {
  const { items, ...rest } = extra;
  return { id, name, custom: false, orderable: true, navigable: true, searchable: true, clauseNames, schema: { type, ...(items && { items }), system: id }, ...rest };
};
const custom = (n: number, name: string, schema: Omit<FieldSchema, 'customId'>, extraClauses: string[] = []): FieldDef => ({
  id: `customfield_${n}`, name, custom: true, orderable: true, navigable: true, searchable: true, clauseNames: [`cf[${n}]`, name, ...extraClauses], schema: { ...schema, customId: n },
});

export const FIELDS: FieldDef[] = [
  sys('summary', 'Summary', 'string', ['summary']),
  sys('description', 'Description', 'string', ['description']),
  sys('environment', 'Environment', 'string', ['environment']),
  sys('issuetype', 'Issue Type', 'issuetype', ['issuetype', 'type']),
  sys('project', 'Project', 'project', ['project']),
  sys('priority', 'Priority', 'priority', ['priority']),
  sys('status', 'Status', 'status', ['status'], { orderable: false }),
  { id: 'statusCategory', name: 'Status Category', custom: false, orderable: false, navigable: false, searchable: true, clauseNames: ['statusCategory'] },
  sys('statuscategorychangedate', 'Status Category Changed', 'datetime', ['statusCategoryChangedDate'], { orderable: false }),
  sys('resolution', 'Resolution', 'resolution', ['resolution']),
  sys('resolutiondate', 'Resolved', 'datetime', ['resolutiondate', 'resolved'], { orderable: false }),
  sys('assignee', 'Assignee', 'user', ['assignee']),
  sys('reporter', 'Reporter', 'user', ['reporter']),
  sys('creator', 'Creator', 'user', ['creator'], { orderable: false }),
  sys('labels', 'Labels', 'array', ['labels'], { items: 'string' }),
  sys('components', 'Components', 'array', ['component'], { items: 'component' }),
  sys('fixVersions', 'Fix versions', 'array', ['fixVersion'], { items: 'version' }),
  sys('versions', 'Affects versions', 'array', ['affectedVersion'], { items: 'version' }),
  sys('duedate', 'Due date', 'date', ['due', 'duedate']),
  sys('created', 'Created', 'datetime', ['created', 'createdDate'], { orderable: false }),
  sys('updated', 'Updated', 'datetime', ['updated', 'updatedDate'], { orderable: false }),
  sys('parent', 'Parent', 'issuelink', ['parent']),
  sys('comment', 'Comment', 'comments-page', ['comment'], { navigable: false }),
  sys('issuelinks', 'Linked Issues', 'array', ['issueLink'], { items: 'issuelinks' }),
  sys('attachment', 'Attachment', 'array', ['attachments'], { items: 'attachment' }),
  sys('subtasks', 'Sub-tasks', 'array', ['subtasks'], { items: 'issuelinks', orderable: false }),
  sys('watches', 'Watchers', 'watches', ['watchers'], { orderable: false }),
  sys('votes', 'Votes', 'votes', ['votes'], { orderable: false }),
  sys('worklog', 'Log Work', 'array', ['worklogAuthor', 'worklogComment', 'worklogDate'], { items: 'worklog', navigable: false }),
  { id: 'issuekey', name: 'Key', custom: false, orderable: false, navigable: true, searchable: false, clauseNames: ['id', 'issue', 'issuekey', 'key'] },
  { id: 'thumbnail', name: 'Images', custom: false, orderable: false, navigable: true, searchable: false, clauseNames: [] },
  custom(10020, 'Sprint', { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' }),
  custom(10016, 'Story Points', { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' }, ['Story Points[Number]']),
  custom(10014, 'Epic Link', { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-epic-link' }),
  custom(10019, 'Rank', { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-lexo-rank' }),
  custom(10001, 'Team', { type: 'team', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team' }, ['Team[Team]']),
];

export const fieldsById = new Map(FIELDS.map((f) => [f.id, f]));

/** GET /field's FieldDetails. */
export function fieldDetails(f: FieldDef) {
  return { id: f.id, key: f.id, name: f.name, custom: f.custom, orderable: f.orderable, navigable: f.navigable, searchable: f.searchable, ...(f.custom && { untranslatedName: f.name }), clauseNames: f.clauseNames, ...(f.schema && { schema: f.schema }) };
}

/** expand=names: field id → display name, for the given ids. */
export const namesOf = (ids: Iterable<string>) => Object.fromEntries([...ids].flatMap((id) => { const f = fieldsById.get(id); return f ? [[id, f.name]] : []; }));
/** expand=schema: field id → schema, for the given ids. */
export const schemaOf = (ids: Iterable<string>) => Object.fromEntries([...ids].flatMap((id) => { const s = fieldsById.get(id)?.schema; return s ? [[id, s]] : []; }));
