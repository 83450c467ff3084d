/** A fixed-capacity ring of (time, value) samples: the dashboard's histories never grow past their capacity. */
export class SampleRing {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** The time of the newest sample, or -Infinity when empty. */
  get lastTime(): number {
    return this.count === 0 ? -Infinity : this.times[(this.head - 1 + this.capacity) % this.capacity]!;
  }

  push(time: number, value: number): void {
    this.times[this.head] = time;
    this.values[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Replaces the newest sample (used to keep one sample per interval without growing). */
  replaceLast(time: number, value: number): void {
    if (this.count === 0) {
      this.push(time, value);
      return;
    }
    const i = (this.head - 1 + this.capacity) % this.capacity;
    this.times[i] = time;
    this.values[i] = value;
  }

  /** Drops samples older than `minTime`. */
  trimBefore(minTime: number): void {
    while (this.count > 0) {
      const oldest = (this.head - this.count + this.capacity) % this.capacity;
      if (this.times[oldest]! >= minTime) return;
      this.count--;
    }
  }

  /** The values, oldest first. */
  valueList(): number[] {
    const out = new Array<number>(this.count);
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let k = 0; k < this.count; k++) out[k] = this.values[(start + k) % this.capacity]!;
    return out;
  }

  /** [time, value] pairs, oldest first, for charts. */
  pairs(): [number, number][] {
    const out = new Array<[number, number]>(this.count);
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let k = 0; k < this.count; k++) {
      const i = (start + k) % this.capacity;
      out[k] = [this.times[i]!, this.values[i]!];
    }
    return out;
  }

  first(): number | undefined {
    if (this.count === 0) return undefined;
    return this.values[(this.head - this.count + this.capacity) % this.capacity];
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
