/** Splits a byte stream into text lines across chunk boundaries (a chunk may end mid-line or mid-character). */
export class LineSplitter {
  private readonly decoder = new TextDecoder();
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array | string): void {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      const line = this.pending.slice(0, newline).replace(/\r$/, '');
      this.pending = this.pending.slice(newline + 1);
      this.onLine(line);
      newline = this.pending.indexOf('\n');
    }
  }

  /** Emits a last line that had no newline. */
  end(): void {
    this.pending += this.decoder.decode();
    if (this.pending !== '') this.onLine(this.pending.replace(/\r$/, ''));
    this.pending = '';
  }
}
