// Drive: pick a person (Admin Directory users), see their folder tree as they see it (My Drive from
// 'root', folders loaded when opened, shared-with-me), and a file: a Doc's text, a Sheet's first 50
// rows, other files' metadata, and who has access.
import { useMemo, useState } from 'preact/hooks';
import { twin } from '../api';
import { ErrorBox, Loading, Table } from '../components/status';
import { VirtualList } from '../components/virtual-list';
import { formatTime, useLoad } from '../components/vendor-data';
import { DOC, FOLDER, FolderNode, google, SHEET, type DriveFile, type DrivePermission } from '../components/vendor-drive';
import { href, useRoute } from '../router';
import './drive.css';

interface DirectoryUser {
  primaryEmail: string;
  name: { fullName: string };
  suspended?: boolean;
}

export function DriveView() {
  const [email, fileId] = useRoute();
  if (!email) return <PeoplePicker />;
  return (
    <div class="drive-layout">
      <nav class="drive-tree" aria-label={`Drive of ${email}`}>
        <p class="drive-crumbs"><a href={href('drive')}>People</a></p>
        <h1 class="drive-title">{email}</h1>
        <ul class="drive-children drive-root" key={email}>
          <FolderNode email={email} name="My Drive" q="'root' in parents and trashed = false" open currentId={fileId} />
          <FolderNode email={email} name="Shared with me" q="sharedWithMe = true and trashed = false" currentId={fileId} />
        </ul>
      </nav>
      {fileId ? <FilePane key={fileId} email={email} fileId={fileId} /> : (
        <section class="drive-pane drive-empty-pane"><p class="muted">Pick a file to see its content and who has access.</p></section>
      )}
    </div>
  );
}

/** Everyone in the Directory (paged by pageToken), filterable, in a virtualised list. */
function PeoplePicker() {
  const people = useLoad(async () => {
    const all: DirectoryUser[] = [];
    let pageToken = '';
    do {
      const params = new URLSearchParams({ customer: 'my_customer', maxResults: '500', orderBy: 'email' });
      if (pageToken) params.set('pageToken', pageToken);
      const page = await twin<{ users?: DirectoryUser[]; nextPageToken?: string }>('google', `/admin/directory/v1/users?${params}`);
      all.push(...(page.users ?? []));
      pageToken = page.nextPageToken ?? '';
    } while (pageToken);
    return all;
  }, []);
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (people.data ?? []).filter((p) => !f || p.primaryEmail.toLowerCase().includes(f) || p.name.fullName.toLowerCase().includes(f));
  }, [people.data, filter]);
  return (
    <section class="drive-people">
      <h1>Drive</h1>
      <p class="muted">Whose Drive? Each person sees their own files and what is shared with them.</p>
      <label>
        Find a person
        <input type="search" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorBox error={people.error} />
      {people.loading && !people.data && <Loading what="people" />}
      {people.data && (
        <VirtualList items={shown} rowHeight={36} label="People" height="calc(100vh - 260px)" render={(p) => (
          <a class="drive-person" href={href('drive', p.primaryEmail)}>
            <span>{p.name.fullName}</span> <span class="muted">{p.primaryEmail}</span>
            {p.suspended && <span class="badge badge-suspended">suspended</span>}
          </a>
        )} />
      )}
    </section>
  );
}

function FilePane({ email, fileId }: { email: string; fileId: string }) {
  const file = useLoad(() => google<DriveFile>(email,
    `/drive/v3/files/${encodeURIComponent(fileId)}?fields=id,name,mimeType,size,createdTime,modifiedTime,description,webViewLink,owners`), [email, fileId]);
  const f = file.data;
  return (
    <section class="drive-pane" aria-labelledby="drive-file-title">
      <ErrorBox error={file.error} />
      {file.loading && !f && <Loading what="file" />}
      {f && (
        <>
          <h2 id="drive-file-title">{f.name}</h2>
          <dl class="drive-meta">
            <dt>Type</dt><dd>{f.mimeType}</dd>
            <dt>Owner</dt><dd>{(f.owners ?? []).map((o) => o.displayName ?? o.emailAddress).join(', ') || '—'}</dd>
            {f.size && <><dt>Size</dt><dd>{f.size} bytes</dd></>}
            <dt>Created</dt><dd>{formatTime(f.createdTime)}</dd>
            <dt>Modified</dt><dd>{formatTime(f.modifiedTime)}</dd>
            {f.description && <><dt>Description</dt><dd>{f.description}</dd></>}
          </dl>
          {f.mimeType === DOC && <DocText email={email} id={f.id} />}
          {f.mimeType === SHEET && <SheetGrid email={email} id={f.id} />}
          {f.mimeType === FOLDER && <p class="muted">A folder: open it in the tree.</p>}
          <Access email={email} id={f.id} />
        </>
      )}
    </section>
  );
}

interface DocElement { paragraph?: { elements: { textRun?: { content: string } }[] } }

function DocText({ email, id }: { email: string; id: string }) {
  const doc = useLoad(() => google<{ body: { content: DocElement[] } }>(email, `/v1/documents/${encodeURIComponent(id)}`), [id]);
  const paragraphs = (doc.data?.body.content ?? [])
    .filter((e) => e.paragraph)
    .map((e) => e.paragraph!.elements.map((el) => el.textRun?.content ?? '').join('').replace(/\n$/, ''));
  return (
    <section class="drive-doc" aria-label="Document text">
      <h3>Text</h3>
      <ErrorBox error={doc.error} />
      {doc.loading && !doc.data && <Loading what="document" />}
      <div class="drive-doc-page">{paragraphs.map((p, n) => <p key={n}>{p || '\u00a0'}</p>)}</div>
    </section>
  );
}

function SheetGrid({ email, id }: { email: string; id: string }) {
  const values = useLoad(() => google<{ range: string; values?: string[][] }>(email, `/v4/spreadsheets/${encodeURIComponent(id)}/values/A1:Z50`), [id]);
  const rows = values.data?.values ?? [];
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const letters = Array.from({ length: width }, (_, i) => String.fromCharCode(65 + i));
  return (
    <section class="drive-sheet" aria-label="Sheet values">
      <h3>Values {values.data && <span class="muted">({values.data.range})</span>}</h3>
      <ErrorBox error={values.error} />
      {values.loading && !values.data && <Loading what="values" />}
      {values.data && rows.length === 0 && <p class="muted">The first sheet is empty.</p>}
      {rows.length > 0 && (
        <div class="drive-grid-scroll">
          <table class="drive-grid">
            <thead><tr><th scope="col"><span class="visually-hidden">Row</span></th>{letters.map((l) => <th key={l} scope="col">{l}</th>)}</tr></thead>
            <tbody>
              {rows.map((row, r) => (
                <tr key={r}><th scope="row">{r + 1}</th>{letters.map((_, c) => <td key={c}>{row[c] ?? ''}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Access({ email, id }: { email: string; id: string }) {
  const permissions = useLoad(() => google<{ permissions: DrivePermission[] }>(email,
    `/drive/v3/files/${encodeURIComponent(id)}/permissions?fields=permissions(id,type,role,emailAddress,displayName,domain)`), [id]);
  return (
    <section class="drive-access" aria-label="Who has access">
      <h3>Who has access</h3>
      <ErrorBox error={permissions.error} />
      {permissions.loading && !permissions.data && <Loading what="permissions" />}
      {permissions.data && (
        <Table rows={permissions.data.permissions} rowKey={(p) => p.id} columns={[
          { title: 'Who', cell: (p) => p.type === 'anyone' ? 'Anyone with the link' : p.type === 'domain' ? p.domain : p.displayName ?? p.emailAddress },
          { title: 'Email', cell: (p) => p.emailAddress ?? '' },
          { title: 'Type', cell: (p) => p.type },
          { title: 'Role', cell: (p) => p.role },
        ]} />
      )}
    </section>
  );
}
