import { describe, expect, it } from 'vitest';
import {
  labResultTable,
  patientTable,
  prescriptionTable,
  visitTable,
} from '../../../../examples/telehealth/src/generated/index.js';
import {
  fieldValueType,
  reencryptTargetOf,
  type ModelTableMetadata,
  type ReencryptTarget,
} from '../../src/index.js';

describe('reencryptTargetOf', () => {
  const cases: { name: string; table: ModelTableMetadata; want: ReencryptTarget }[] = [
    {
      name: 'patients',
      table: patientTable,
      want: {
        table: 'patients',
        model: 'Patient',
        primaryKey: { column: 'id' },
        columns: [
          { column: 'mrn', valueType: 'string' },
          { column: 'given_name', valueType: 'string' },
          { column: 'family_name', valueType: 'string' },
          { column: 'birth_date', valueType: 'date' },
          { column: 'ssn', valueType: 'string' },
          { column: 'phone', valueType: 'string' },
          { column: 'email', valueType: 'string' },
          { column: 'street', valueType: 'string' },
          { column: 'city', valueType: 'string' },
          { column: 'zip', valueType: 'string' },
          { column: 'member_id', valueType: 'string' },
        ],
      },
    },
    {
      name: 'visits',
      table: visitTable,
      want: {
        table: 'visits',
        model: 'Visit',
        primaryKey: { column: 'id' },
        columns: [
          { column: 'start', valueType: 'datetime' },
          { column: 'end', valueType: 'datetime' },
          { column: 'reason', valueType: 'string' },
          { column: 'device_ip', valueType: 'string' },
        ],
      },
    },
  ];

  it.each(cases)('derives the target of $name', ({ table, want }) => {
    expect(reencryptTargetOf(table)).toEqual(want);
  });

  it('leaves out blind-index and plain columns', () => {
    const columns = [prescriptionTable, labResultTable].flatMap((table) =>
      reencryptTargetOf(table).columns.map((entry) => entry.column),
    );

    expect(columns).not.toContain('accession_bidx');
    expect(columns).not.toContain('quantity');
    expect(columns).toContain('accession');
  });

  it('rejects a field type that the spec does not define', () => {
    const table = {
      table: 't',
      primaryKey: { column: 'id' },
      fields: [{ column: 'c', type: 'blob', encrypted: true }],
    } as unknown as ModelTableMetadata;

    expect(() => reencryptTargetOf(table)).toThrow(/t\.c: unknown field type "blob"/);
  });
});

describe('fieldValueType', () => {
  const cases = [
    ['string', 'string'],
    ['text', 'string'],
    ['uuid', 'string'],
    ['code', 'string'],
    ['enum', 'string'],
    ['integer', 'integer'],
    ['decimal', 'decimal'],
    ['boolean', 'boolean'],
    ['date', 'date'],
    ['datetime', 'datetime'],
    ['json', 'json'],
    ['toString', undefined],
  ] as const;

  it.each(cases)('maps field type %s to %s', (fieldType, valueType) => {
    expect(fieldValueType(fieldType)).toBe(valueType);
  });
});
