// --persist DIR: one JSON file per twin, written with lowdb (steno writes a temp file and renames it
// over the old one, so a crash mid-write leaves the previous complete file). Writes are coalesced:
// every change made while a write is in flight goes into the next single write (group commit), and
// callers can wait for "my change is on disk" before acknowledging a request.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export interface PersistedTwin {
  version: 1;
  twin: string;
  seed: number;
  savedAt: string;
  data: unknown;
}

export class PersistError extends Error {}

export class TwinPersistence {
  readonly file: string;
  private db: Low<PersistedTwin | null>;
  private inFlight: Promise<void> | null = null;
  private next: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;

  constructor(dir: string, readonly twin: string, private readonly snapshot: () => PersistedTwin) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${twin}.json`);
    this.db = new Low(new JSONFile<PersistedTwin | null>(this.file), null);
  }

  /** The saved state, or null when there is none yet. A file that does not parse is an error, not a reset. */
  load(): PersistedTwin | null {
    if (!existsSync(this.file)) return null;
    let saved: PersistedTwin;
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8')) as PersistedTwin;
    } catch (error) {
      throw new PersistError(`${this.file} is not readable JSON (${(error as Error).message}); move it away to start fresh`);
    }
    if (saved?.version !== 1 || saved.twin !== this.twin || typeof saved.seed !== 'number') {
      throw new PersistError(`${this.file} is not a ${this.twin} state file of version 1`);
    }
    return saved;
  }

  /** Schedules a write of the current state; resolves once a write that includes it has finished. */
  save(): Promise<void> {
    if (!this.next) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
      this.next = { promise, resolve, reject };
      if (!this.inFlight) setImmediate(() => this.writeNext());
    }
    return this.next.promise;
  }

  /** Resolves when nothing is waiting to be written. */
  async flush(): Promise<void> {
    while (this.inFlight || this.next) await (this.inFlight ?? this.next?.promise);
  }

  private writeNext(): void {
    const batch = this.next;
    if (!batch || this.inFlight) return;
    this.next = null;
    this.db.data = this.snapshot();
    this.inFlight = this.db.write().then(batch.resolve, batch.reject).finally(() => {
      this.inFlight = null;
      if (this.next) this.writeNext();
    });
  }
}
