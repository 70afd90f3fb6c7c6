import type { LogLine } from '../../shared/gateway';

/** The container's last lines, across restarts; `seq` only grows, so a reader can ask for what is new. */
export class LogBuffer {
  private readonly lines: LogLine[] = [];
  private nextSeq = 1;

  constructor(private readonly capacity = 1000) {}

  push(stream: LogLine['stream'], text: string, at: number): LogLine {
    const line: LogLine = { seq: this.nextSeq++, at, stream, text };
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    return line;
  }

  /** Lines with seq greater than `sinceSeq` (all kept lines when omitted). */
  since(sinceSeq = 0): LogLine[] {
    return this.lines.filter((l) => l.seq > sinceSeq);
  }

  tail(count: number): LogLine[] {
    return this.lines.slice(-count);
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }
}
