import { describe, expect, it } from 'vitest';

import { orderTables } from '../../src/generate/table-order.js';
import { field, idField, model } from './support/ir-builders.js';

function referencing(name: string, ...targets: string[]) {
  return model(name, [
    idField(),
    ...targets.map((target) => field(`${target.toLowerCase()}Id`, 'uuid', { references: target })),
  ]);
}

describe('table order', () => {
  it.each([
    {
      name: 'keeps spec order without references',
      models: [referencing('A'), referencing('B')],
      want: ['A', 'B'],
    },
    {
      name: 'moves a referenced table first',
      models: [referencing('A', 'B'), referencing('B')],
      want: ['B', 'A'],
    },
    {
      name: 'follows a chain',
      models: [referencing('A', 'B'), referencing('B', 'C'), referencing('C')],
      want: ['C', 'B', 'A'],
    },
    {
      name: 'ignores a self reference',
      models: [referencing('A', 'A'), referencing('B', 'A')],
      want: ['A', 'B'],
    },
    {
      name: 'breaks a cycle at the first model',
      models: [referencing('A', 'B'), referencing('B', 'A'), referencing('C')],
      want: ['C', 'A', 'B'],
    },
  ])('$name', ({ models, want }) => {
    expect(orderTables(models).models.map((each) => each.name)).toEqual(want);
  });

  it('reports forward references in a cycle', () => {
    const order = orderTables([referencing('A', 'B'), referencing('B', 'A')]);

    const references = order.forwardReferences.map(({ model, field }) => {
      return `${model.name}.${field.name}`;
    });

    expect(references).toEqual(['A.bId']);
  });

  it('reports no forward reference without a cycle', () => {
    expect(orderTables([referencing('A', 'B'), referencing('B')]).forwardReferences).toEqual([]);
  });
});
