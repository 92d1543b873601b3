import type { FieldIR, ModelIR } from '../ir/spec-ir.js';

/** Tables in creation order, and the foreign keys that point at a table created later. */
export interface TableOrder {
  readonly models: readonly ModelIR[];
  /** References inside a cycle, which PostgreSQL can add only once both tables exist. */
  readonly forwardReferences: readonly ForwardReference[];
}

export interface ForwardReference {
  readonly model: ModelIR;
  readonly field: FieldIR;
}

/**
 * Orders models so that a referenced table is created before the tables that reference it,
 * keeping spec order wherever the references allow. A cycle is broken at the first of its models
 * in spec order, whose references into the cycle become forward references. A reference of a
 * model to itself needs no order.
 */
export function orderTables(models: readonly ModelIR[]): TableOrder {
  const known = new Set(models.map((model) => model.name));
  const created = new Set<string>();
  const remaining = [...models];
  const ordered: ModelIR[] = [];
  const forwardReferences: ForwardReference[] = [];

  const isReady = (model: ModelIR): boolean =>
    model.fields.every(
      (field) =>
        field.references === undefined ||
        field.references === model.name ||
        !known.has(field.references) ||
        created.has(field.references),
    );

  while (remaining.length > 0) {
    const readyIndex = remaining.findIndex(isReady);
    const [model] = remaining.splice(readyIndex === -1 ? 0 : readyIndex, 1);
    if (model === undefined) {
      break;
    }

    for (const field of model.fields) {
      const target = field.references;
      const isOther = target !== undefined && target !== model.name && known.has(target);
      if (isOther && !created.has(target)) {
        forwardReferences.push({ model, field });
      }
    }
    created.add(model.name);
    ordered.push(model);
  }
  return { models: ordered, forwardReferences };
}
