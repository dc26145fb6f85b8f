import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table';

describe('formatTable', () => {
  it('pads columns to the widest cell and cuts long cells', () => {
    const table = formatTable(
      ['ID', 'TYPE', 'NOTE'],
      [
        ['1', 'production_check', 'x'.repeat(60)],
        ['22', 'a', 'line\nbreak'],
      ],
      10,
    );
    expect(table.split('\n')).toEqual([
      'ID  TYPE        NOTE',
      '1   productio…  xxxxxxxxx…',
      '22  a           line break',
    ]);
  });
});
