// JQL's tokens: unquoted words (values, field names, keywords, relative dates such as -7d), quoted
// strings with Jira's escapes, operators and punctuation, each with its line and character for
// Jira's "(line 1, character N)" error suffix.
import { JqlError } from './errors.js';

export type TokenKind = 'word' | 'string' | 'op' | '(' | ')' | ',' | '[' | ']' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The text as written (quoted strings: their unescaped content). */
  text: string;
  line: number;
  character: number;
}

const OPERATORS = ['!=', '<=', '>=', '!~', '&&', '||', '=', '<', '>', '~', '!', '&', '|'];
const PUNCTUATION = new Set(['(', ')', ',', '[', ']']);
/** Characters Jira refuses outside quotes. */
const RESERVED = new Set(['{', '}', '#', '%', '^', '`', ';', '?', '*', '$']);
const WORD_STOP = new Set([...' \t\r\n"\'(),[]=!<>~&|', ...RESERVED]);
const ESCAPES: Record<string, string> = { "'": "'", '"': '"', t: '\t', n: '\n', r: '\r', '\\': '\\', ' ': ' ' };
const VALID_ESCAPES = "The valid escape sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX.";

export function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (index: number) => ({ line, character: index - lineStart + 1 });
  const where = (index: number) => { const p = at(index); return `(line ${p.line}, character ${p.character})`; };

  /** Reads one escape at jql[i] === '\\'; returns [char, length]. */
  const escape = (index: number): [string, number] => {
    const next = jql[index + 1];
    if (next === undefined) throw new JqlError(`Error in the JQL Query: The escape sequence has not been completed. ${VALID_ESCAPES} ${where(index)}`);
    if (next === 'u') {
      const hex = jql.slice(index + 2, index + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JqlError(`Error in the JQL Query: '\\u${hex.replace(/[^0-9a-fA-F].*/, '')}' is an illegal JQL escape sequence. ${VALID_ESCAPES} ${where(index)}`);
      return [String.fromCharCode(parseInt(hex, 16)), 6];
    }
    if (!(next in ESCAPES)) throw new JqlError(`Error in the JQL Query: '\\${next}' is an illegal JQL escape sequence. ${VALID_ESCAPES} ${where(index)}`);
    return [ESCAPES[next], 2];
  };

  while (i < jql.length) {
    const c = jql[i];
    if (c === '\n') { i++; line++; lineStart = i; continue; }
    if (/\s/.test(c)) { i++; continue; }
    const start = at(i);
    if (c === '"' || c === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= jql.length) {
          const shown = text.replace(/[\r\n]/g, ' ');
          throw new JqlError(`Error in the JQL Query: The quoted string ${shown ? `'${shown}' ` : ''}has not been completed. ${where(i)}`);
        }
        const d = jql[j];
        if (d === c) break;
        if (d === '\\') { const [ch, len] = escape(j); text += ch; j += len; continue; }
        text += d;
        j++;
      }
      tokens.push({ kind: 'string', text, ...start });
      i = j + 1;
      continue;
    }
    if (PUNCTUATION.has(c)) { tokens.push({ kind: c as TokenKind, text: c, ...start }); i++; continue; }
    const op = OPERATORS.find((o) => jql.startsWith(o, i));
    if (op) { tokens.push({ kind: 'op', text: op, ...start }); i += op.length; continue; }
    if (RESERVED.has(c)) {
      const code = c.charCodeAt(0).toString(16).padStart(4, '0');
      throw new JqlError(`Error in the JQL Query: The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${code}' instead. ${where(i)}`);
    }
    let text = '';
    let j = i;
    while (j < jql.length && !WORD_STOP.has(jql[j])) {
      if (jql[j] === '\\') { const [ch, len] = escape(j); text += ch; j += len; continue; }
      if (jql.charCodeAt(j) < 0x20 || jql.charCodeAt(j) === 0x7f) {
        const code = jql.charCodeAt(j).toString(16).padStart(4, '0');
        const p = at(j);
        throw new JqlError(`Error in the JQL Query: The character 'U+${code.toUpperCase()}' on line ${p.line} at position ${p.character} must be escaped. Use the escape '\\u${code}' instead. ${where(j)}`);
      }
      text += jql[j];
      j++;
    }
    tokens.push({ kind: 'word', text, ...start });
    i = j;
  }
  tokens.push({ kind: 'eof', text: '', ...at(jql.length) });
  return tokens;
}
