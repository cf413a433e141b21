// The site's resolutions (Jira Cloud's defaults). Reaching Done resolves an issue as "Done".
import { RESOLUTION_DONE } from './workflow.js';

export const RESOLUTIONS = [
  { ...RESOLUTION_DONE, isDefault: true },
  { id: '10001', name: "Won't Do", description: 'This issue won\'t be actioned.', isDefault: false },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.', isDefault: false },
  { id: '10003', name: 'Cannot Reproduce', description: 'All attempts at reproducing this issue failed, or not enough information was available to reproduce the issue.', isDefault: false },
] as const;
