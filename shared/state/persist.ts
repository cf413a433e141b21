// --persist DIR: one JSON file per twin, written through lowdb with an adapter that makes each write
// atomic and durable: the JSON goes to a temporary file, which is fsynced, then renamed over the old
// file, and the directory is fsynced so the rename itself survives. A crash at any point (kill -9, or
// the machine losing power) leaves either the previous complete file or the new one, and a write is
// reported done only once it is on the disk, not just in the page cache. Writes are coalesced: every
// change made while a write is in flight goes into the next single write (group commit), and callers
// can wait for "my change is on disk" before acknowledging a request.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';

/** lowdb adapter: temporary file + fsync + rename + fsync of the directory. Writes only (load() reads). */
class DurableJsonFile<T> implements Adapter<T> {
  private readonly temp: string;

  constructor(private readonly file: string) {
    this.temp = join(dirname(file), `.${basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as T) : null;
  }

  async write(data: T): Promise<void> {
    // Serialised before the first await: handlers mutate the state in place, so this is the moment
    // the snapshot is taken (writeNext calls this synchronously).
    const text = JSON.stringify(data, null, 2);
    const temp = await open(this.temp, 'w');
    try {
      await temp.writeFile(text, 'utf8');
      await temp.sync();
    } finally {
      await temp.close();
    }
    await rename(this.temp, this.file);
    const dir = await open(dirname(this.file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

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
    this.db = new Low<PersistedTwin | null>(new DurableJsonFile<PersistedTwin | null>(this.file), null);
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
