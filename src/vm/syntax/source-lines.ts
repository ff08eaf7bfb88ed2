/*
 * Line-start table for a source text: turns a code-unit offset into a 1-based
 * line and 0-based column on demand, so tokens need only store offsets.
 */

export class SourceLines {
  readonly starts: number[] = [0];

  constructor(readonly source: string) {
    // CPython treats \r\n, \r and \n all as line ends.
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (source.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** Line of the previous lookup: parsing moves forward, so most lookups hit it or the next one. */
  private hint = 0;

  /** 1-based line number of an offset. */
  lineOf(offset: number): number {
    const starts = this.starts;
    const h = this.hint;
    if (offset >= starts[h] && (h + 1 >= starts.length || offset < starts[h + 1])) return h + 1;
    if (h + 2 < starts.length && offset >= starts[h + 1] && offset < starts[h + 2]) { this.hint = h + 1; return h + 2; }
    const line = this.search(offset);
    this.hint = line - 1;
    return line;
  }

  private search(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  colOf(offset: number, line = this.lineOf(offset)): number {
    return offset - this.starts[line - 1];
  }

  /** The text of a 1-based line, without its line end. */
  lineText(line: number): string {
    if (line < 1 || line > this.starts.length) return '';
    const s = this.starts[line - 1];
    let e = line < this.starts.length ? this.starts[line] : this.source.length;
    while (e > s && (this.source.charCodeAt(e - 1) === 10 || this.source.charCodeAt(e - 1) === 13)) e--;
    return this.source.slice(s, e);
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
