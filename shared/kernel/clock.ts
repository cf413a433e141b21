// The twin's notion of "now". Everything that stamps or expires something asks the clock, never
// Date.now() directly, so that the universe clock (freeze, advance) can steer every twin from one place.

export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Back to real time (POST /_dtu/reset). */
  reset(): void {
    this.offsetMs = 0;
  }
}
