// Small shared pieces: loading and error boxes, a plain table, and a coloured status badge.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';

export function Loading({ what }: { what?: string }) {
  return <p class="loading" role="status">Loading{what ? ` ${what}` : ''}…</p>;
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  return <p class="error-box" role="alert">{message}</p>;
}

export interface Column<T> {
  title: string;
  cell: (row: T) => ComponentChildren;
  class?: string;
}

export function Table<T>({ rows, columns, caption, rowKey }: { rows: T[]; columns: Column<T>[]; caption?: string; rowKey?: (row: T, i: number) => string | number }) {
  return (
    <table class="table">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>{columns.map((c) => <th scope="col" class={c.class}>{c.title}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={rowKey ? rowKey(row, i) : i}>{columns.map((c) => <td class={c.class}>{c.cell(row)}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A status with colour and text (never colour alone): active, suspended, deactivated, absent, up,
 * down, success, failure… `text` replaces the shown word (the colour still follows `status`).
 */
export function Badge({ status, title, text }: { status: string; title?: string; text?: string }) {
  return <span class={`badge badge-${status.replace(/[^a-z_-]/gi, '')}`} title={title}>{text ?? status}</span>;
}
