import type { FhirPathCondition, FhirPathStep } from '@hspec/runtime';

import { elementOf } from '../../fhir/r4-elements.js';
import type { FieldIR, FieldMappingIR } from '../../ir/spec-ir.js';
import type { Literal } from '../literal-layout.js';
import { literalObject } from '../literal-layout.js';

/**
 * Converts the parsed path of a field mapping to the steps that the runtime walks. Each member
 * step gets `repeats` from the R4 definitions. When a path with a code system (the `code`
 * field's own or the mapping's) ends at the `code` of a Coding, `where(system = '<system>')`
 * follows the member that selects the Coding. The runtime then writes the system beside the code and reads the coding of that
 * system. Validation has resolved every member, so an unknown one is a generator bug.
 */
export function runtimeSteps(
  resource: string,
  mapping: FieldMappingIR,
  field: FieldIR,
): FhirPathStep[] {
  const steps: FhirPathStep[] = [];
  // Index in `steps` and FHIR type of each member step, in path order.
  const members: { readonly index: number; readonly type: string }[] = [];
  let typeName = resource;

  for (const step of mapping.steps) {
    // The IR's first() and where() steps are the runtime's: only member steps gain `repeats`.
    if (step.kind !== 'member') {
      steps.push(step);
      continue;
    }

    const element = elementOf(typeName, step.name);
    if (element === undefined) {
      throw new Error(
        `FHIR path ${mapping.path} of field ${field.name} has no R4 element ${typeName}.${step.name}`,
      );
    }
    members.push({ index: steps.length, type: element.type });
    steps.push({ kind: 'member', name: step.name, repeats: element.repeats });
    typeName = element.type;
  }

  const coding = members.at(-2);
  const last = steps.at(-1);
  const endsAtCodingCode =
    coding?.type === 'Coding' && last?.kind === 'member' && last.name === 'code';
  const system = mapping.system;
  if (system !== undefined && endsAtCodingCode) {
    if (!comparesSystem(steps.slice(coding.index + 1))) {
      steps.splice(coding.index + 1, 0, {
        kind: 'where',
        conditions: [{ kind: 'equals', path: ['system'], value: system }],
      });
    }
  }
  return steps;
}

// A path that already selects the coding by its system keeps its own where(), which validation
// has checked against the field's system.
function comparesSystem(steps: readonly FhirPathStep[]): boolean {
  return steps.some(
    (step) =>
      step.kind === 'where' &&
      step.conditions.some(
        (condition) =>
          condition.kind === 'equals' &&
          condition.path.length === 1 &&
          condition.path[0] === 'system',
      ),
  );
}

/** Writes runtime steps as a literal for generated code. */
export function stepsLiteral(steps: readonly FhirPathStep[]): Literal {
  return steps.map((step): Literal => {
    if (step.kind === 'member') {
      return literalObject([
        ['kind', 'member'],
        ['name', step.name],
        ['repeats', step.repeats],
      ]);
    }
    if (step.kind === 'first') return literalObject([['kind', 'first']]);
    return literalObject([
      ['kind', 'where'],
      ['conditions', conditionsLiteral(step.conditions)],
    ]);
  });
}

function conditionsLiteral(conditions: readonly FhirPathCondition[]): Literal {
  return conditions.map((condition) =>
    condition.kind === 'equals'
      ? literalObject([
          ['kind', 'equals'],
          ['path', [...condition.path]],
          ['value', condition.value],
        ])
      : literalObject([
          ['kind', 'exists'],
          ['path', [...condition.path]],
          ['conditions', conditionsLiteral(condition.conditions)],
        ]),
  );
}

