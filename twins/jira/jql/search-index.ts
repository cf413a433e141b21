// Candidate lists for a search: the issues of the projects, keys or assignees the query is pinned to,
// else every issue. The per-project and per-assignee lists are rebuilt (one pass, O(issues)) the first
// time a search runs after the data changed; searches in between cost O(candidates).
import type { Store } from '../../../shared/state/store.js';
import type { JiraData, JiraIssue } from '../store.js';
import type { Hints } from './evaluate.js';

/** A number that changes whenever the store's data did (a change listener registered on first use). */
const versions = new WeakMap<object, { n: number }>();
export function storeVersion(store: Store<JiraData>): number {
  let v = versions.get(store);
  if (!v) {
    const counter = { n: 0 };
    store.onChange(() => { counter.n++; });
    versions.set(store, (v = counter));
  }
  return v.n;
}

interface Index { version: number; byProject: Map<string, JiraIssue[]>; byAssignee: Map<string, JiraIssue[]> }
const indexes = new WeakMap<object, Index>();

function indexFor(data: JiraData, version: number): Index {
  const cached = indexes.get(data);
  if (cached && cached.version === version) return cached;
  const byProject = new Map<string, JiraIssue[]>();
  const byAssignee = new Map<string, JiraIssue[]>();
  for (const issue of Object.values(data.issues)) {
    push(byProject, issue.projectId, issue);
    push(byAssignee, issue.assigneeAccountId ?? '', issue);
  }
  const index = { version, byProject, byAssignee };
  indexes.set(data, index);
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The smallest candidate list the hints allow. `version` changes whenever the data did. */
export function candidates(data: JiraData, hints: Hints, version: number): Iterable<JiraIssue> {
  if (hints.issueIds) return [...hints.issueIds].map((id) => data.issues[id]).filter(Boolean);
  if (!hints.projectIds && !hints.assignees) return Object.values(data.issues);
  const index = indexFor(data, version);
  // Sizes first, so only the smallest list is gathered (a single key's list is used as it is).
  const options: [Set<string>, Map<string, JiraIssue[]>][] = [];
  if (hints.projectIds) options.push([hints.projectIds, index.byProject]);
  if (hints.assignees) options.push([hints.assignees, index.byAssignee]);
  const size = ([ids, map]: [Set<string>, Map<string, JiraIssue[]>]) => { let n = 0; for (const id of ids) n += map.get(id)?.length ?? 0; return n; };
  const [ids, map] = options.reduce((a, b) => (size(b) < size(a) ? b : a));
  if (ids.size === 1) return map.get([...ids][0]) ?? [];
  return [...ids].flatMap((id) => map.get(id) ?? []);
}
