// Google Drive, Docs and Sheets calls the Drive view makes as one person (header X-DTU-As → their own
// access token), and the lazily loaded folder tree.
import { useState } from 'preact/hooks';
import { twin } from '../api';
import { href } from '../router';
import { ErrorBox, Loading } from './status';
import { useLoad } from './vendor-data';

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  size?: string;
  modifiedTime?: string;
  createdTime?: string;
  description?: string;
  webViewLink?: string;
  owners?: { displayName?: string; emailAddress?: string }[];
}

export interface DrivePermission {
  id: string;
  type: 'user' | 'group' | 'domain' | 'anyone';
  role: string;
  emailAddress?: string;
  displayName?: string;
  domain?: string;
}

export const FOLDER = 'application/vnd.google-apps.folder';
export const DOC = 'application/vnd.google-apps.document';
export const SHEET = 'application/vnd.google-apps.spreadsheet';

/** A Google API path called as `email`. */
export const google = <T,>(email: string, path: string) => twin<T>('google', path, { headers: { 'X-DTU-As': email } });

/** Every file matching a Drive query, following nextPageToken (capped), folders first then by name. */
export async function listFiles(email: string, q: string): Promise<DriveFile[]> {
  const files: DriveFile[] = [];
  let pageToken = '';
  for (let page = 0; page < 10; page++) {
    const params = new URLSearchParams({ q, pageSize: '200', fields: 'nextPageToken,files(id,name,mimeType)' });
    if (pageToken) params.set('pageToken', pageToken);
    const answer = await google<{ files: DriveFile[]; nextPageToken?: string }>(email, `/drive/v3/files?${params}`);
    files.push(...answer.files);
    pageToken = answer.nextPageToken ?? '';
    if (!pageToken) break;
  }
  return files.sort((a, b) => Number(b.mimeType === FOLDER) - Number(a.mimeType === FOLDER) || a.name.localeCompare(b.name));
}

/** A small coloured tile with a letter (drawn with CSS: no emoji font needed), decorative only. */
export function FileIcon({ mimeType }: { mimeType: string }) {
  const [kind, letter] = mimeType === FOLDER ? ['folder', ''] : mimeType === DOC ? ['doc', 'D'] : mimeType === SHEET ? ['sheet', 'S'] : ['file', 'F'];
  return <span class={`drive-icon drive-icon-${kind}`} aria-hidden="true">{letter}</span>;
}

/** A folder (or a query standing for one, such as shared-with-me) whose children load when opened. */
export function FolderNode({ email, name, q, id, open: initiallyOpen = false, currentId }: {
  email: string; name: string; q: string; id?: string; open?: boolean; currentId?: string;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <li class="drive-node">
      <button type="button" class="drive-folder" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> <FileIcon mimeType={FOLDER} /> {name}
      </button>
      {id && (
        <a class="drive-folder-info" href={href('drive', email, id)} aria-label={`Details of ${name}`}
          aria-current={id === currentId ? 'page' : undefined}>details</a>
      )}
      {open && <FolderChildren email={email} q={q} currentId={currentId} />}
    </li>
  );
}

function FolderChildren({ email, q, currentId }: { email: string; q: string; currentId?: string }) {
  const children = useLoad(() => listFiles(email, q), [email, q]);
  if (children.error) return <ErrorBox error={children.error} />;
  if (!children.data) return <Loading />;
  if (children.data.length === 0) return <p class="drive-empty muted">Empty</p>;
  return (
    <ul class="drive-children">
      {children.data.map((f) => f.mimeType === FOLDER
        ? <FolderNode key={f.id} id={f.id} email={email} name={f.name} q={`'${f.id}' in parents and trashed = false`} currentId={currentId} />
        : (
          <li key={f.id} class="drive-node">
            <a class="drive-file" href={href('drive', email, f.id)} aria-current={f.id === currentId ? 'page' : undefined}>
              <FileIcon mimeType={f.mimeType} /> {f.name}
            </a>
          </li>
        ))}
    </ul>
  );
}
