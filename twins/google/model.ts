// The parts of the Google twin's state beyond users, groups and files: shared drives, revisions,
// comments, the change log, push channels and tokens issued by the token endpoint. Plain JSON.
import type { DrivePermission } from './store.js';

/** A shared drive. Its files carry `driveId` and have the drive's id as their top parent. */
export interface SharedDrive {
  id: string;
  name: string;
  createdTime: string;
  hidden: boolean;
  /** Members: organizer / fileOrganizer / writer / commenter / reader, users or groups. */
  permissions: DrivePermission[];
}

/** One stored version of a file's content (a revision per content change, as Drive keeps them). */
export interface DriveRevision {
  id: string;
  modifiedTime: string;
  /** Email of whoever made the change. */
  lastModifyingUser: string;
  mimeType: string;
  size: number;
  md5Checksum: string;
  keepForever: boolean;
  /** The content of this revision, base64. */
  content?: string;
}

export interface DriveReply {
  id: string;
  author: string;
  content: string;
  createdTime: string;
  modifiedTime: string;
  deleted: boolean;
  action?: 'resolve' | 'reopen';
}

export interface DriveComment {
  id: string;
  author: string;
  content: string;
  createdTime: string;
  modifiedTime: string;
  resolved: boolean;
  deleted: boolean;
  quotedFileContent?: { mimeType: string; value: string };
  anchor?: string;
  replies: DriveReply[];
}

/** An entry of the change log that changes.list pages through; the page token is the entry's position. */
export interface DriveChange {
  fileId: string;
  time: string;
  removed: boolean;
  driveId?: string;
  /** For a removal: the file's owner, who is told about it (the file is gone, so access cannot be checked). */
  owner?: string;
}

/** A push-notification channel from files.watch / changes.watch. */
export interface WatchChannel {
  id: string;
  resourceId: string;
  resourceUri: string;
  address: string;
  token?: string;
  /** Milliseconds since the epoch. */
  expiration: number;
  /** Whose view the channel reports (the caller of watch). */
  email: string;
  /** The watched file, or null for changes.watch. */
  fileId: string | null;
  messageNumber: number;
}

/** An access token the token endpoint handed out. */
export interface IssuedToken {
  email: string;
  scopes: string[];
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** The OAuth client (or service account client id) it was issued to. */
  clientId: string;
  serviceAccount: boolean;
}
