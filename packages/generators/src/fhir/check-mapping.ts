import type { FieldMappingIR, MappingIR, ModelIR } from '../ir/spec-ir.js';
import { suggest } from '../validate/did-you-mean.js';
import { checkFieldMapping, type CheckedFieldMapping } from './check-field-mapping.js';
import { checkElementValue } from './check-element-value.js';
import { checkRequiredElements, type RequiredElementField } from './check-required-elements.js';
import { findConflicts } from './element-writes.js';
import type { FhirReporter, SectionPath } from './fhir-reporter.js';
import type { RawMapping } from './read-fhir-section.js';
import { elementNames, elementOf, isResourceType, r4Definitions, resourceTypes } from './r4-elements.js';

/** Context shared by the checks of all mappings. */
export interface MappingScope {
  readonly reporter: FhirReporter;
  readonly models: ReadonlyMap<string, ModelIR>;
  /** Resource type of each mapped model, or undefined when R4 lacks the named resource. */
  readonly mappedResources: ReadonlyMap<string, string | undefined>;
}

// The resource id carries the model's primary key, so nothing else may write it.
const ID_ELEMENT = 'id';

/**
 * Checks one mapping (model, resource, `fixed`, each field, and the elements they write
 * together) and returns its IR, or undefined when anything in it was wrong.
 */
export function checkMapping(scope: MappingScope, raw: RawMapping): MappingIR | undefined {
  const { reporter } = scope;
  const issuesBefore = reporter.issues.length;
  const at: SectionPath = ['mappings', raw.model];

  const model = scope.models.get(raw.model);
  if (model === undefined) {
    const names = [...scope.models.keys()];
    reporter.report({
      code: 'fhir.unknown-model',
      message: suggest(`unknown model "${raw.model}"`, raw.model, names),
      at,
    });
  }

  const resource = checkResource(reporter, raw, at);
  const issuesBeforeFixed = reporter.issues.length;
  if (resource !== undefined) checkFixed(reporter, raw, resource, at);
  // A misspelled element under fixed is often a required one, so that is reported alone.
  const fixedValid = reporter.issues.length === issuesBeforeFixed;

  const fieldScope = { ...scope, model, resource, at };
  const fields = raw.fields.map((field) => checkFieldMapping(fieldScope, field));
  reportConflicts(reporter, raw, fields, model, at);
  if (resource !== undefined && fixedValid) checkRequired(reporter, raw, resource, fields, at);

  if (reporter.issues.length > issuesBefore || model === undefined || resource === undefined) {
    return undefined;
  }
  return {
    kind: 'mapping',
    model: raw.model,
    resource,
    fixed: structuredClone(raw.fixed),
    fields: fields.map((field) => field.ir).filter((ir): ir is FieldMappingIR => ir !== undefined),
    source: reporter.location(at),
  };
}

function checkResource(reporter: FhirReporter, raw: RawMapping, at: SectionPath): string | undefined {
  if (isResourceType(raw.resource)) return raw.resource;

  const message =
    r4Definitions()[raw.resource] === undefined
      ? suggest(`unknown R4 resource type "${raw.resource}"`, raw.resource, resourceTypes())
      : `"${raw.resource}" is an R4 data type, not a resource type; map the model to the resource that contains it`;
  reporter.report({ code: 'fhir.unknown-resource', message, at: [...at, 'resource'] });
  return undefined;
}

// Each top-level key of `fixed` must be an element of the resource, and its value must pass the
// R4 JSON Schema of that element, so that the output stays valid.
function checkFixed(reporter: FhirReporter, raw: RawMapping, resource: string, at: SectionPath): void {
  for (const [name, value] of Object.entries(raw.fixed)) {
    const fixedAt = [...at, 'fixed', name];
    if (elementOf(resource, name) === undefined) {
      reporter.report({
        code: 'fhir.fixed-unknown-element',
        message: suggest(`unknown element "${name}" in ${resource}`, name, elementNames(resource)),
        at: fixedAt,
      });
      continue;
    }

    const problem = checkElementValue(resource, name, value, { item: false });
    if (problem !== undefined) {
      reporter.report({
        code: 'fhir.fixed-value',
        message: `fixed value of ${resource}.${name} ${problem.message}`,
        at: fixedAt,
      });
    }
  }
}

function reportConflicts(
  reporter: FhirReporter,
  raw: RawMapping,
  fields: readonly CheckedFieldMapping[],
  model: ModelIR | undefined,
  at: SectionPath,
): void {
  const reserved = new Map<string, string>();
  for (const name of Object.keys(raw.fixed)) reserved.set(name, 'is set by fixed');
  const primaryKey = model === undefined ? 'the primary key' : `primary key "${model.primaryKey}"`;
  reserved.set(ID_ELEMENT, `is the resource id, which carries ${primaryKey}`);

  if (Object.hasOwn(raw.fixed, ID_ELEMENT)) {
    reporter.report({
      code: 'fhir.conflicting-paths',
      message: `fixed cannot set "id", because the resource id carries ${primaryKey}`,
      at: [...at, 'fixed', ID_ELEMENT],
    });
  }

  const writes = fields.flatMap((field) => field.writes);
  for (const conflict of findConflicts(writes, reserved)) {
    const related = conflict.otherField === undefined ? undefined : [...at, 'fields', conflict.otherField];
    reporter.report({
      code: 'fhir.conflicting-paths',
      message: conflict.message,
      at: [...at, 'fields', conflict.field],
      ...(related === undefined ? {} : { related }),
    });
  }
}

// Waits until every field's path parsed and every model field is known, because a field that
// might write anything would make the check report follow-on errors.
function checkRequired(
  reporter: FhirReporter,
  raw: RawMapping,
  resource: string,
  fields: readonly CheckedFieldMapping[],
  at: SectionPath,
): void {
  const checked: RequiredElementField[] = [];
  for (const { field, steps } of fields) {
    if (field === undefined || steps === undefined) {
      if (field?.primaryKey === true) continue;
      return;
    }
    checked.push({ name: field.name, optional: field.optional, steps });
  }
  checkRequiredElements(reporter, { resource, fixed: raw.fixed, fields: checked, at });
}
