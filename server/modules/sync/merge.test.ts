import { describe, expect, it } from 'vitest';
import { KINDS } from '../records/kinds.ts';
import { mergeChanges, mergeIdSets } from './merge.ts';

const markers = KINDS['boundary-markers'];
const base = { condition: 'intact', note: null, photoIds: [1], material: 'granite' };

describe('mergeChanges', () => {
  it('takes the device’s field when the server left it alone, keeps the server’s other fields', () => {
    const current = { ...base, note: 'office' };
    expect(mergeChanges(markers, base, current, { condition: 'damaged' })).toEqual({
      apply: { condition: 'damaged' },
      conflicts: [],
      theirs: ['note'],
    });
  });
  it('is no conflict when both sides set the same value, and a conflict when they differ', () => {
    const current = { ...base, condition: 'damaged', material: 'concrete' };
    const merge = mergeChanges(markers, base, current, { condition: 'damaged', material: 'steel' });
    expect(merge.apply).toEqual({});
    expect(merge.conflicts).toEqual([
      { field: 'material', base: 'granite', theirs: 'concrete', mine: 'steel' },
    ]);
  });
  it('ignores a field the device sent unchanged from its base', () => {
    const current = { ...base, condition: 'missing' };
    expect(mergeChanges(markers, base, current, { condition: 'intact' }).apply).toEqual({});
  });
});

describe('mergeIdSets', () => {
  it('adds what the device added, removes what it removed, keeps what others added', () => {
    expect(mergeIdSets([1, 2], [1, 2, 3], [2, 4])).toEqual([2, 3, 4]);
    expect(mergeIdSets([], [], [5])).toEqual([5]);
  });
});
