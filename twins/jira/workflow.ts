// The site-wide scheme every project uses: issue types, priorities, statuses (with their categories)
// and the workflow To Do → In Progress → In Review → Done with Jira's numeric transition ids.
// Also Atlassian Document Format helpers: v3 carries ADF, v2 plain text.

export interface Adf {
  type: 'doc';
  version: 1;
  content: unknown[];
}

export const ISSUE_TYPES = [
  { id: '10000', name: 'Epic', description: 'A big user story that needs to be broken down.', subtask: false, hierarchyLevel: 1 },
  { id: '10001', name: 'Story', description: 'Functionality or a feature expressed as a user goal.', subtask: false, hierarchyLevel: 0 },
  { id: '10002', name: 'Task', description: 'A small, distinct piece of work.', subtask: false, hierarchyLevel: 0 },
  { id: '10003', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0 },
  { id: '10004', name: 'Subtask', description: 'A small piece of work that is part of a larger task.', subtask: true, hierarchyLevel: -1 },
] as const;

export const PRIORITIES = [
  { id: '1', name: 'Highest', statusColor: '#d04437' },
  { id: '2', name: 'High', statusColor: '#f15C75' },
  { id: '3', name: 'Medium', statusColor: '#f79232' },
  { id: '4', name: 'Low', statusColor: '#707070' },
  { id: '5', name: 'Lowest', statusColor: '#999999' },
] as const;
export const DEFAULT_PRIORITY = '3';

export const STATUS_CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

export const STATUSES = [
  { id: '10000', name: 'To Do', description: '', category: 'new' },
  { id: '3', name: 'In Progress', description: 'This issue is being actively worked on at the moment by the assignee.', category: 'indeterminate' },
  { id: '10001', name: 'In Review', description: '', category: 'indeterminate' },
  { id: '10002', name: 'Done', description: '', category: 'done' },
] as const;
export const INITIAL_STATUS = '10000';

/** Transition id → target status and the statuses it leaves from. */
export const TRANSITIONS = [
  { id: '11', name: 'To Do', to: '10000', from: ['3', '10001', '10002'] },
  { id: '21', name: 'In Progress', to: '3', from: ['10000', '10001'] },
  { id: '31', name: 'In Review', to: '10001', from: ['3'] },
  { id: '41', name: 'Done', to: '10002', from: ['10001'] },
] as const;

export const RESOLUTION_DONE = { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' };

export function textToAdf(text: string): Adf {
  return { type: 'doc', version: 1, content: text ? [{ type: 'paragraph', content: [{ type: 'text', text }] }] : [] };
}

/** Plain text of an ADF document: text nodes joined, block nodes on their own lines. */
export function adfToText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as { type?: string; text?: string; content?: unknown[] };
  if (n.type === 'text') return n.text ?? '';
  if (n.type === 'hardBreak') return '\n';
  const inner = (n.content ?? []).map(adfToText);
  return n.type === 'doc' ? inner.join('\n') : inner.join('');
}

/** Whether a value looks like an ADF document (what v3 requires for rich-text fields). */
export function isAdf(value: unknown): value is Adf {
  const v = value as Adf | null;
  return !!v && typeof v === 'object' && v.type === 'doc' && v.version === 1 && Array.isArray(v.content);
}
