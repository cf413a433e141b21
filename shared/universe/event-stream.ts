// GET /_dtu/events/stream (websocket) on the control plane: the universe's merged journal, live. Each
// message is one event as /_dtu/events lists it, as JSON. Query: `twin`, `testId` filter like
// /_dtu/events; `since` replays retained events after that seq (default: only events from now on).
// The control plane already merges every twin's journal on each read, locally or over HTTP, so the
// stream reads on from its cursor at a short interval: the same code serves twins in this process
// and twins in other containers.
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { MAX_PAGE, type JournalQuery } from '../kernel/journal.js';
import { TWIN_NAMES } from '../twin-names.js';
import type { UniverseControl } from './universe-control.js';

const POLL_MS = 100;

export async function eventStreamRoute(app: FastifyInstance, control: UniverseControl): Promise<void> {
  await app.register(websocket);
  app.get('/_dtu/events/stream', { websocket: true }, async (socket, request) => {
    const query = request.query as Record<string, string | undefined>;
    const filter: JournalQuery = { twin: query.twin || undefined, testId: query.testId || undefined };
    if (filter.twin && !(TWIN_NAMES as readonly string[]).includes(filter.twin)) {
      socket.close(1008, `twin must be one of ${TWIN_NAMES.join(', ')}`);
      return;
    }
    const since = query.since !== undefined && /^\d+$/.test(query.since) ? Number(query.since) : undefined;
    // Without `since`, start after everything already recorded.
    let cursor = since ?? (await latestSeq(control));
    let generation = control.journalGeneration;
    let reading = false;
    const timer = setInterval(async () => {
      if (reading || socket.readyState !== socket.OPEN) return;
      reading = true;
      try {
        // A reset restarted the merged journal's numbering: everything after it is new.
        if (generation !== control.journalGeneration) {
          generation = control.journalGeneration;
          cursor = 0;
        }
        for (;;) {
          const page = await control.events({ ...filter, since: cursor, limit: MAX_PAGE });
          for (const event of page.events) socket.send(JSON.stringify(event));
          cursor = page.next;
          if (page.events.length < MAX_PAGE) break;
        }
      } catch {
        // A twin that is down answers nothing this round; the next round reads on from the same cursor.
      } finally {
        reading = false;
      }
    }, POLL_MS);
    socket.on('close', () => clearInterval(timer));
  });
}

/** The newest seq in the merged journal (reads through to the end, a page at a time). */
async function latestSeq(control: UniverseControl): Promise<number> {
  let cursor = 0;
  for (;;) {
    const page = await control.events({ since: cursor, limit: MAX_PAGE });
    if (!page.events.length) return cursor;
    cursor = page.next;
  }
}
