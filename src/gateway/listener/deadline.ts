// The end of a grace period that a later, more urgent request (a second signal) may bring forward.
export class Deadline {
  readonly reached: Promise<void>;
  private wake!: () => void;
  private timer: NodeJS.Timeout | undefined;
  private at: number;

  constructor(inMs: number) {
    this.at = Date.now() + inMs;
    this.reached = new Promise((resolve) => (this.wake = resolve));
    this.schedule();
  }

  /** Moves the deadline to `inMs` from now, if that is earlier. */
  bringForward(inMs: number): void {
    const at = Date.now() + inMs;
    if (at >= this.at) return;
    this.at = at;
    this.schedule();
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.wake, Math.max(0, this.at - Date.now()));
  }
}
