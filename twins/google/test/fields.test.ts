// The `fields` partial-response selector alone.
import { describe, expect, it } from 'vitest';
import { applySelection, FieldsError, parseFields } from '../fields.js';

const file = { kind: 'drive#file', id: '1', name: 'n', owners: [{ emailAddress: 'a', me: true }], capabilities: { canEdit: true, canShare: false } };
const pick = (fields: string, value: unknown = file) => applySelection(value, parseFields(fields));

describe('fields', () => {
  it.each<[string, unknown]>([
    ['id', { id: '1' }],
    ['name,id', { id: '1', name: 'n' }],
    ['*', file],
    ['owners/emailAddress', { owners: [{ emailAddress: 'a' }] }],
    ['owners(me),capabilities/canEdit', { owners: [{ me: true }], capabilities: { canEdit: true } }],
    ['capabilities/canEdit,capabilities/canShare', { capabilities: { canEdit: true, canShare: false } }],
    ['capabilities,capabilities/canEdit', { capabilities: { canEdit: true, canShare: false } }],
    ['missing', {}],
  ])('%s', (fields, expected) => { expect(pick(fields)).toEqual(expected); });

  it('selects inside lists', () => {
    expect(pick('files(id),nextPageToken', { files: [file, file], nextPageToken: 't', kind: 'x' })).toEqual({ files: [{ id: '1' }, { id: '1' }], nextPageToken: 't' });
  });

  it.each(['', 'a(', 'a)', 'a//b', 'a,', '(a)', 'a b'])('refuses %j', (fields) => { expect(() => parseFields(fields)).toThrow(FieldsError); });
});
