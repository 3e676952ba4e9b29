/**
 * The requests of a real board (local or remote): one inference at a time, the rest waiting up to
 * the scenario's queue limit, beyond which they are dropped, as on the twin.
 */
export interface Waiting {
  arrivalMs: number;
  /** The latency budget in force at arrival (null: none). */
  deadlineMs: number | null;
}

export interface Running extends Waiting {
  startMs: number;
  groups: number;
}

export class RequestQueue {
  private readonly waiting: Waiting[] = [];
  /** The inference being served, if any. */
  inFlight: Running | null = null;

  constructor(
    private readonly limit: number,
    /** Serves a request now (it must call begin()). */
    private readonly serve: (w: Waiting) => void,
    private readonly drop: (arrivalMs: number) => void,
  ) {}

  get length(): number {
    return this.waiting.length;
  }

  /** A request arrives: served at once when idle, queued when there is room, dropped otherwise. */
  arrive(w: Waiting): void {
    if (this.inFlight === null) this.serve(w);
    else if (this.waiting.length < this.limit) this.waiting.push(w);
    else this.drop(w.arrivalMs);
  }

  begin(w: Waiting, startMs: number, groups: number): void {
    this.inFlight = { ...w, startMs, groups };
  }

  /** Ends the inference in flight and returns it. */
  end(): Running {
    const run = this.inFlight!;
    this.inFlight = null;
    return run;
  }

  /** Serves the next waiting request, if any. */
  next(): void {
    const w = this.waiting.shift();
    if (w) this.serve(w);
  }
}
