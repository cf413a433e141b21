// The twin's notion of "now". Real time by default; frozen or shifted for time-dependent scenarios.
// Everything that stamps or expires something asks the clock, never Date.now() directly.

export class Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  freeze(at: number = this.now()): void {
    this.frozenAt = at;
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }

  describe(): { now: string; frozen: boolean; offsetMs: number } {
    return { now: new Date(this.now()).toISOString(), frozen: this.frozenAt !== null, offsetMs: this.offsetMs };
  }
}
