import { describe, expect, it } from 'vitest';
import type { ExactRow } from '../../../src/port/types.js';
import { inReferenceOrder, selfReferences } from '../../../src/sync/reference-order.js';
import { column, table } from '../../support/shapes.js';

const tree = table([column('id'), column('parent', 'int', { nullable: true })], {
  name: 'Tree',
  foreignKeys: [
    {
      name: 'fk_tree',
      columns: ['parent'],
      referencedSchema: 'dbo',
      referencedTable: 'tree',
      referencedColumns: ['id'],
      enabled: true,
    },
  ],
});

async function* from(rows: ExactRow[]) {
  yield* rows;
}
async function all(batches: AsyncIterable<ExactRow[]>) {
  const out: string[][] = [];
  for await (const batch of batches) out.push(batch.map((row) => String(row[0])));
  return out;
}

// Key order: 2 and 4 refer to 5, 3 to 2; 1 is a root.
const rows: ExactRow[] = [
  ['1', null],
  ['2', '5'],
  ['3', '2'],
  ['4', '5'],
  ['5', null],
];

describe('inReferenceOrder', () => {
  it('finds a table referring to itself, in any case of its name', () => {
    expect(selfReferences(tree).map((fk) => fk.name)).toEqual(['fk_tree']);
    expect(selfReferences({ ...tree, foreignKeys: [] })).toEqual([]);
  });

  it('writes parents first, one level per batch, key order within a level', async () => {
    expect(await all(inReferenceOrder(from(rows), tree, 10, 'parents-first'))).toEqual([
      ['1', '5'],
      ['2', '4'],
      ['3'],
    ]);
  });

  it('deletes children first, and still keeps batches to the size', async () => {
    expect(await all(inReferenceOrder(from(rows), tree, 1, 'children-first'))).toEqual([
      ['3'],
      ['2'],
      ['4'],
      ['1'],
      ['5'],
    ]);
  });

  it('leaves a table without self-references in the order it came, in batches of the size', async () => {
    const flat = { ...tree, foreignKeys: [] };
    expect(await all(inReferenceOrder(from(rows), flat, 2, 'parents-first'))).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5'],
    ]);
  });
});
