// A list that renders only the rows in view (plus a few), so 10,000 rows scroll smoothly. Rows have
// one fixed height. With `stickToBottom`, the list follows new rows while the reader is at the end.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: T[];
  rowHeight: number;
  render: (item: T, index: number) => ComponentChildren;
  /** Height of the scrolling box (CSS length); default fills the space the layout gives it. */
  height?: string;
  /** Keep the view at the newest (last) row unless the reader scrolled up. */
  stickToBottom?: boolean;
  /** Accessible name of the list. */
  label?: string;
  /** ARIA role of the list and its rows (default list/listitem); a table's body uses rowgroup/row. */
  role?: 'list' | 'rowgroup';
  class?: string;
}

const OVERSCAN = 8;

export function VirtualList<T>({ items, rowHeight, render, height, stickToBottom, label, role = 'list', class: className }: VirtualListProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  // Follow new rows while the reader is at the bottom.
  useLayoutEffect(() => {
    const element = box.current;
    if (stickToBottom && element && atBottom.current) {
      element.scrollTop = element.scrollHeight;
      setScrollTop(element.scrollTop);
    }
  }, [items.length, stickToBottom, viewport]);

  const onScroll = () => {
    const element = box.current!;
    setScrollTop(element.scrollTop);
    atBottom.current = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight / 2;
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} role={role === 'list' ? 'listitem' : 'row'} class="vlist-row" style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}>
        {render(items[i], i)}
      </div>,
    );
  }
  return (
    <div ref={box} class={`vlist ${className ?? ''}`} style={height ? { height } : undefined} onScroll={onScroll} tabIndex={0} aria-label={label} role={role}>
      <div class="vlist-space" style={{ height: `${items.length * rowHeight}px` }}>{rows}</div>
    </div>
  );
}
