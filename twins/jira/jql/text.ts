// JQL's CONTAINS (~) on text fields, approximating Jira's word search: every word of the query must
// occur (case-insensitive, with simple English stemming: "printers" finds "printer"); `*` and `?` are
// wildcards inside a word; a query in escaped double quotes ("\"exact phrase\"") is a phrase search.

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const stem = (w: string) => { const s = w.replace(/(ing|ed|es|s)$/, ''); return s.length >= 3 ? s : w; };
const squash = (text: string) => words(text).join(' ');

export function textMatcher(query: string): (texts: string[]) => boolean {
  const q = query.trim();
  if (q.length > 1 && q.startsWith('"') && q.endsWith('"')) {
    const phrase = squash(q.slice(1, -1));
    return (texts) => texts.some((t) => ` ${squash(t)} `.includes(` ${phrase} `));
  }
  const terms = q.toLowerCase().split(/[^\p{L}\p{N}*?]+/u).filter(Boolean).map((term) => {
    if (/[*?]/.test(term)) {
      const re = new RegExp(`^${term.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      return (w: string) => re.test(w);
    }
    const s = stem(term);
    return (w: string) => w === term || stem(w) === s;
  });
  return (texts) => {
    const all = texts.flatMap(words);
    return terms.length > 0 && terms.every((t) => all.some(t));
  };
}
