// A fixture file's text parsed with positions: every problem found in it (by the JSON Schema or the
// checks after it) is reported as `file:line:column: path: message`, the position found by walking
// the YAML document to the path. JSON files parse with the same parser, so they get positions too.
import { createRequire } from 'node:module';
import { isAbsolute, relative } from 'node:path';
import type { Document, LineCounter } from 'yaml';

export type FixturePath = (string | number)[];

export interface Problem {
  path: FixturePath;
  message: string;
  /** Point at the key of the last path part (an unknown property) rather than its value. */
  atKey?: boolean;
}

const require = createRequire(import.meta.url);
/** The yaml package is loaded only when a fixture file is read: a default start never pays for it. */
const yaml = () => require('yaml') as typeof import('yaml');

/** `channels[1].members[2]`, as the errors name a place. */
export function pathText(path: FixturePath): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '') || '(top level)';
}

/** How an error names the file: relative to the working directory when inside it. */
export function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export class FixtureSource {
  readonly name: string;
  private constructor(readonly path: string, readonly value: unknown, private readonly doc: Document, private readonly lines: LineCounter) {
    this.name = displayName(path);
  }

  /** Parses JSON or YAML; syntax errors come back as positioned messages instead. */
  static parse(path: string, text: string): FixtureSource | { errors: string[] } {
    const { LineCounter, parseDocument } = yaml();
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length) {
      const name = displayName(path);
      // The first syntax error only: the ones after it are usually its consequences.
      return { errors: doc.errors.slice(0, 1).map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return `${name}:${line}:${col}: not valid JSON or YAML (${e.message.split('\n')[0]})`;
      }) };
    }
    return new FixtureSource(path, doc.toJS({ maxAliasCount: 100 }), doc, lines);
  }

  /** `file:line:col` of the value at `path` (or of its key), falling back to the nearest part that exists. */
  position(path: FixturePath, atKey = false): string {
    const { isMap, isSeq, isScalar } = yaml();
    let node: unknown = this.doc.contents;
    let offset = (node as { range?: [number] } | null)?.range?.[0] ?? 0;
    for (const [i, part] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === part);
        if (!pair) break;
        const key = pair.key as { range?: [number] } | null;
        const value = pair.value as { range?: [number] } | null;
        offset = (atKey && i === path.length - 1 ? key?.range?.[0] : value?.range?.[0] ?? key?.range?.[0]) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
        node = node.items[part];
        offset = (node as { range?: [number] }).range?.[0] ?? offset;
      } else break;
    }
    const { line, col } = this.lines.linePos(offset);
    return `${this.name}:${line}:${col}`;
  }

  /** Problems as messages, in the order they appear in the file. */
  format(problems: Problem[]): string[] {
    const located = problems.map((p) => {
      const at = this.position(p.path, p.atKey);
      const [line, col] = at.slice(this.name.length + 1).split(':').map(Number);
      return { line, col, text: `${at}: ${pathText(p.path)}: ${p.message}` };
    });
    located.sort((a, b) => a.line - b.line || a.col - b.col);
    return [...new Set(located.map((l) => l.text))];
  }
}
