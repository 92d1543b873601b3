import type { FieldIR, ProjectIR, SpecIR } from '../../../src/ir/spec-ir.js';
import { field, model, spec } from './ir-builders.js';

/**
 * Builds every field type, required and optional, plaintext and encrypted, under names that
 * collide with reserved words, `Object.prototype` members and SQL keywords.
 */
function awkwardFields(): FieldIR[] {
  return [
    field('class', 'string'),
    field('delete', 'text', { optional: true }),
    field('default', 'integer'),
    field('end', 'datetime', { phi: 'date', optional: true }),
    field('value', 'decimal', { sensitive: true }),
    field('constructor', 'string', { phi: 'name', optional: true, lookup: 'exact' }),
    field('order', 'enum', { values: ["it's", 'back\\slash', 'plain'] }),
    field('toString', 'boolean', { optional: true }),
    field('function', 'boolean'),
    field('valueOf', 'date', { optional: true }),
    field('import', 'date', { phi: 'date' }),
    field('new', 'json', { optional: true }),
    field('typeof', 'json'),
    field('select', 'code', { system: 'http://example.org/codes', optional: true }),
    field('where', 'uuid', { optional: true }),
    field('hasOwnProperty', 'integer', { phi: 'other_id', optional: true }),
    field('in', 'decimal', { optional: true }),
    field('yield', 'enum', { values: ['a', 'b'], sensitive: true, optional: true }),
    field('await', 'boolean', { phi: 'other_id', lookup: 'exact' }),
    field('let', 'json', { sensitive: true, optional: true }),
  ];
}

/** Builds models named after globals and runtime exports, with awkward fields and a cycle. */
export function awkwardSpec(database: ProjectIR['database'] = 'sqlite'): SpecIR {
  const record = model('Record', [
    field('id', 'uuid', { primaryKey: true }),
    field('dateId', 'uuid', { references: 'Date', optional: true }),
    ...awkwardFields(),
  ]);
  const date = model('Date', [
    field('id', 'uuid', { primaryKey: true }),
    field('recordId', 'uuid', { references: 'Record' }),
    ...awkwardFields(),
  ]);
  const object = model(
    'Object',
    [
      field('key', 'string', { primaryKey: true }),
      field('parent', 'string', { references: 'Object', optional: true }),
    ],
    { table: 'order' },
  );
  const promise = model('Promise', [
    field('id', 'integer', { primaryKey: true }),
    field('objectKey', 'string', { references: 'Object' }),
    field('note', 'text', { phi: 'free_text' }),
  ]);
  const envelope = model('Envelope', [
    field('id', 'uuid', { primaryKey: true }),
    field('then', 'string', { optional: true }),
  ]);
  const phi = model('Phi', [
    field('id', 'uuid', { primaryKey: true }),
    field('secret', 'string', { phi: 'other_id', lookup: 'exact' }),
  ]);
  const modelTable = model('ModelTable', [
    field('id', 'boolean', { primaryKey: true }),
    field('at', 'datetime', { phi: 'date' }),
  ]);
  return spec([record, date, object, promise, envelope, phi, modelTable], database);
}
