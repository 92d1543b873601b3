import type { FieldIR, ModelIR } from '../../ir/spec-ir.js';

/** Finds the model field that a FHIR mapping names, which validation guarantees to exist. */
export function mappedField(model: ModelIR, name: string): FieldIR {
  const field = model.fields.find((candidate) => candidate.name === name);
  if (field === undefined) {
    throw new Error(`FHIR mapping of ${model.name} names unknown field ${name}`);
  }
  return field;
}
