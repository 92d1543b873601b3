import type {
  FieldIR,
  FieldType,
  PhiKind,
  ProjectIR,
  SpecIR,
} from '../../../src/ir/spec-ir.js';
import { field, model, spec } from './ir-builders.js';

const fieldTypes: readonly FieldType[] = [
  'string',
  'text',
  'integer',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'uuid',
  'enum',
  'code',
  'json',
];

const phiKinds: readonly PhiKind[] = ['name', 'date', 'phone', 'email', 'ssn', 'free_text'];

/**
 * Builds a spec of `models` models with `fieldsPerModel` fields each (primary key and references
 * included), for benchmarks and scale tests. Fields cycle through every type, about a third are
 * PHI, some are sensitive, optional, indexed or patterned, and each model after the first
 * references the previous one and the first. The result is the same on every call.
 */
export function syntheticSpec(
  models: number,
  fieldsPerModel: number,
  database: ProjectIR['database'] = 'sqlite',
): SpecIR {
  const built = [];
  for (let index = 0; index < models; index += 1) {
    const name = `Entity${String(index).padStart(4, '0')}`;
    const fields: FieldIR[] = [field('id', 'uuid', { primaryKey: true })];
    if (index > 0) {
      const previous = `Entity${String(index - 1).padStart(4, '0')}`;
      fields.push(field('previousId', 'uuid', { references: previous }));
      fields.push(field('rootId', 'uuid', { references: 'Entity0000', optional: true }));
    }
    for (let position = fields.length; position < fieldsPerModel; position += 1) {
      fields.push(syntheticField(index + position));
    }
    built.push(model(name, fields, { file: `specs/models-${Math.floor(index / 100)}.yaml` }));
  }
  return spec(built, database);
}

function syntheticField(seed: number): FieldIR {
  const type = fieldTypes[seed % fieldTypes.length] ?? 'string';
  const name = `${type}Field${seed}`;
  const optional = seed % 3 === 0;
  const isText = type === 'string' || type === 'text' || type === 'code';
  const phi = seed % 3 === 1 ? phiKinds[seed % phiKinds.length] : undefined;
  const usablePhi = phi === 'free_text' && !isText ? 'other_id' : phi;

  return field(name, type, {
    optional,
    phi: usablePhi,
    sensitive: usablePhi === undefined && seed % 5 === 0,
    lookup: usablePhi !== undefined && type === 'string' && seed % 2 === 0 ? 'exact' : undefined,
    pattern: type === 'string' && seed % 4 === 0 ? '^[A-Za-z0-9 -]{1,64}$' : undefined,
    values: type === 'enum' ? ['draft', 'active', 'closed'] : undefined,
    system: type === 'code' ? 'http://loinc.org' : undefined,
    description: seed % 2 === 0 ? `Synthetic ${type} field number ${seed}.` : undefined,
  });
}
