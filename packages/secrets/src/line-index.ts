/** Positions of line starts, built only for texts that have a candidate. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1))
      this.starts.push(index + 1);
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  startOf(line: number): number {
    return this.starts[line] ?? 0;
  }

  lineText(line: number): string | undefined {
    if (line < 0 || line >= this.starts.length) return undefined;
    const end = this.starts[line + 1];
    return this.text.slice(this.startOf(line), end === undefined ? undefined : end - 1);
  }
}
