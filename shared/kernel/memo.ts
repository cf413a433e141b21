// Remembers the value for the last key only: per-seed lookup tables (token → person) that are
// rebuilt when the seed changes and cost nothing per request otherwise.
export function memoLast<K, V>(build: (key: K) => V): (key: K) => V {
  let last: { key: K; value: V } | undefined;
  return (key: K) => {
    if (!last || last.key !== key) last = { key, value: build(key) };
    return last.value;
  };
}
