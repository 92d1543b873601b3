import { createRequire } from 'node:module';

import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';

import { suggest } from '../validate/did-you-mean.js';
import { ANY_RESOURCE_TYPE, elementOf, r4Schema, type R4Element } from './r4-elements.js';

/** Why a value does not fit an element: the JSON Schema keyword that failed and a message. */
export interface ValueProblem {
  /** `enum` when the value is not one of the element's codes; other keywords for shape errors. */
  readonly keyword: string;
  /** Lowercase text that follows the value's name, such as `is not one of the allowed codes`. */
  readonly message: string;
}

/** Options of `checkElementValue`. */
export interface CheckValueOptions {
  /** Check one item of a repeating element rather than the whole JSON array. */
  readonly item: boolean;
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * Checks a JSON value against the R4 JSON Schema of one existing element (`Encounter.status`),
 * so that a `fixed` value or a code is known to give schema-valid output. Returns undefined when
 * the value fits.
 */
export function checkElementValue(
  typeName: string,
  member: string,
  value: unknown,
  options: CheckValueOptions,
): ValueProblem | undefined {
  const element = elementOf(typeName, member);
  if (element !== undefined) {
    const repeats = element.repeats && !options.item;
    const shape = objectShapeProblem({ ...element, repeats }, value, '');
    if (shape !== undefined) return { keyword: 'type', message: shape };
  }

  const validate = validatorFor(typeName, member, options.item);
  if (validate(value)) return undefined;

  const error = validate.errors?.[0];
  if (error === undefined) return { keyword: 'unknown', message: 'does not fit the R4 schema' };
  return { keyword: error.keyword, message: describeError(error, value) };
}

// The R4 schema gives complex types `properties` but no `"type": "object"`, so it accepts an
// array or a string where a CodeableConcept belongs. This walk checks that every complex value is
// a JSON object and leaves the rest to the schema.
function objectShapeProblem(element: R4Element, value: unknown, where: string): string | undefined {
  if (element.primitive || element.type === ANY_RESOURCE_TYPE) return undefined;

  const items = element.repeats ? value : [value];
  if (!Array.isArray(items)) return undefined;

  for (const [index, item] of items.entries()) {
    const at = element.repeats ? `${where}[${index}]` : where;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      const place = at === '' ? '' : ` at ${at}`;
      return `must be a JSON object (${element.type})${place}`;
    }

    for (const [name, child] of Object.entries(item as Record<string, unknown>)) {
      const childElement = elementOf(element.type, name);
      if (childElement === undefined) continue;
      const problem = objectShapeProblem(childElement, child, at === '' ? name : `${at}.${name}`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function validatorFor(typeName: string, member: string, item: boolean): ValidateFunction {
  const schema = r4Schema();
  const property = schema.definitions[typeName]?.properties?.[member];
  const pointer = `#/definitions/${typeName}/properties/${member}`;
  const target = item && property?.type === 'array' ? `${pointer}/items` : pointer;

  const known = validators.get(target);
  if (known !== undefined) return known;

  const validate = r4Ajv().compile({ $ref: `${schema.id}${target}` });
  validators.set(target, validate);
  return validate;
}

// Ajv 8 reads the draft-06 schema once its meta-schema is added. The schema's top-level `id` is
// draft-04 spelling, so it moves to `$id`. The top-level `discriminator` and `oneOf` (the union
// of all resources) go, because only single definitions are compiled.
function r4Ajv(): Ajv {
  if (ajv !== undefined) return ajv;

  const require = createRequire(import.meta.url);
  const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject;
  const { id, definitions, $schema } = r4Schema();

  ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addMetaSchema(draft06);
  ajv.addSchema({ $schema, $id: id, definitions });
  return ajv;
}

function describeError(error: ErrorObject, value: unknown): string {
  const where = error.instancePath === '' ? '' : ` at ${dottedPath(error.instancePath)}`;
  const params = error.params as Record<string, unknown>;

  if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
    const allowed = params['allowedValues'].map(String);
    const actual = valueAt(value, error.instancePath);
    const base = `is not one of the allowed codes${where}`;
    return typeof actual === 'string' ? suggest(base, actual, allowed) : base;
  }
  if (error.keyword === 'additionalProperties') {
    return `has no element "${String(params['additionalProperty'])}"${where}`;
  }
  if (error.keyword === 'type') return `must be of JSON type ${String(params['type'])}${where}`;
  if (error.keyword === 'pattern') return `does not match the R4 format ${String(params['pattern'])}${where}`;
  return `${error.message ?? 'does not fit the R4 schema'}${where}`;
}

// Ajv reports places inside the value as JSON Pointers (`/coding/0/code`); messages show them as
// `coding[0].code`.
function dottedPath(pointer: string): string {
  let result = '';
  for (const part of pointerParts(pointer)) {
    if (/^\d+$/.test(part)) {
      result += `[${part}]`;
    } else {
      result += result === '' ? part : `.${part}`;
    }
  }
  return result;
}

function pointerParts(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const part of pointerParts(pointer)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
