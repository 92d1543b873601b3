import type { FieldIR, FieldMappingIR, ModelIR, PathStep } from '../ir/spec-ir.js';
import { suggest } from '../validate/did-you-mean.js';
import { checkElementValue } from './check-element-value.js';
import { unmarkedIdentifier } from './check-unmarked-identifier.js';
import { ELEMENT_TYPES_BY_FIELD_TYPE, canHoldFieldType } from './element-types.js';
import { elementWrites, type ElementWrite } from './element-writes.js';
import type { FhirProblem, FhirReporter, SectionPath } from './fhir-reporter.js';
import { parsePath } from './fhirpath.js';
import type { RawFieldMapping } from './read-fhir-section.js';
import { resolvePath, type ResolvedPath } from './resolve-path.js';

/** Context of a field mapping check: its mapping, the models and the other mappings. */
export interface FieldMappingScope {
  readonly reporter: FhirReporter;
  readonly models: ReadonlyMap<string, ModelIR>;
  /** Resource type of each mapped model, or undefined when R4 lacks the named resource. */
  readonly mappedResources: ReadonlyMap<string, string | undefined>;
  /** The mapped model, or undefined when the spec has no model of that name. */
  readonly model: ModelIR | undefined;
  /** The mapping's resource type, or undefined when R4 lacks it. */
  readonly resource: string | undefined;
  /** Place of the mapping in the section: `['mappings', modelName]`. */
  readonly at: SectionPath;
}

/** A checked field mapping: its IR when nothing was wrong, and the elements it writes. */
export interface CheckedFieldMapping {
  readonly ir: FieldMappingIR | undefined;
  readonly writes: readonly ElementWrite[];
  /** The model field, for the required-element check; undefined when unknown. */
  readonly field: FieldIR | undefined;
  /** The parsed path, for the required-element check; undefined when it did not parse. */
  readonly steps: readonly PathStep[] | undefined;
}

// The field types that a value map can translate: enum values, or codes and strings that use
// other spellings in FHIR.
const VALUE_MAP_FIELD_TYPES = new Set(['enum', 'code', 'string']);

const REFERENCE_FIELD_TYPES = new Set(['uuid', 'string']);

/**
 * Checks one entry of a mapping's `fields`. The field must exist and not be the primary key. The
 * path must parse and end at an R4 primitive that can hold the field's type. `reference` and
 * `values` must fit the field and the element.
 */
export function checkFieldMapping(scope: FieldMappingScope, raw: RawFieldMapping): CheckedFieldMapping {
  const at: SectionPath = [...scope.at, 'fields', raw.field];
  const pathAt: SectionPath = raw.objectForm ? [...at, 'path'] : at;
  let failed = false;
  const report = (problem: FhirProblem) => {
    failed = true;
    scope.reporter.report(problem);
  };
  const none: CheckedFieldMapping = { ir: undefined, writes: [], field: undefined, steps: undefined };

  const field = findField(scope, raw, at, report);
  if (field?.primaryKey === true) return { ...none, field };

  const parsed = parsePath(raw.path);
  if (!parsed.ok) {
    const { code, message, offset } = parsed.error;
    report({ code, message, at: pathAt, offset: { text: raw.path, offset } });
    return { ...none, field };
  }

  let resolved: ResolvedPath | undefined;
  if (scope.resource !== undefined) {
    const resolution = resolvePath(scope.resource, parsed.located);
    for (const { code, message, offset } of resolution.problems) {
      report({ code, message, at: pathAt, offset: { text: raw.path, offset } });
    }
    resolved = resolution.resolved;
  }

  let reference: string | undefined;
  if (field !== undefined && resolved !== undefined) {
    const checks = new FieldChecks(scope, raw, field, resolved, at, report);
    if (checks.checkType()) {
      reference = checks.checkReference();
      checks.checkSystem();
      checks.checkValues();
    }
    if (scope.resource !== undefined && !failed) {
      const unmarked = unmarkedIdentifier(scope.resource, parsed.steps, field);
      if (unmarked !== undefined) {
        report({
          code: 'fhir.unmarked-identifier',
          message: `field "${field.name}" has no phi kind but maps to ${unmarked.element}, which identifies the person; mark it phi (${unmarked.kinds}) so that it is encrypted and de-identified`,
          at: pathAt,
        });
      }
    }
  }

  const codingSystem = endsAtCodingCode(resolved) ? codeSystemOf(field, raw) : undefined;
  const writes = elementWrites(raw.field, parsed.steps, codingSystem);
  const steps = parsed.steps;
  if (failed || field === undefined || resolved === undefined) return { ir: undefined, writes, field, steps };

  const ir: FieldMappingIR = {
    kind: 'field-mapping',
    field: raw.field,
    path: raw.path,
    steps: parsed.steps,
    elementType: resolved.element.type,
    reference,
    values: raw.values === undefined ? undefined : { ...raw.values },
    system: codingSystem,
    source: scope.reporter.location(at),
  };
  return { ir, writes, field, steps };
}

function findField(
  scope: FieldMappingScope,
  raw: RawFieldMapping,
  at: SectionPath,
  report: (problem: FhirProblem) => void,
): FieldIR | undefined {
  const { model } = scope;
  if (model === undefined) return undefined;

  const field = model.fields.find((candidate) => candidate.name === raw.field);
  if (field === undefined) {
    const names = model.fields.map((candidate) => candidate.name);
    report({
      code: 'fhir.unknown-field',
      message: suggest(`unknown field "${raw.field}" in model "${model.name}"`, raw.field, names),
      at,
    });
    return undefined;
  }

  if (field.primaryKey) {
    report({
      code: 'fhir.primary-key-mapped',
      message: `field "${field.name}" is the primary key of "${model.name}", which always maps to the resource id; remove it from the mapping`,
      at,
    });
  }
  return field;
}

/** Returns the code system of a mapped field: a `code` field's own, else the mapping's. */
function codeSystemOf(field: FieldIR | undefined, raw: RawFieldMapping): string | undefined {
  return (field?.type === 'code' ? field.system : undefined) ?? raw.system;
}

function endsAtCodingCode(resolved: ResolvedPath | undefined): boolean {
  return resolved?.parentType === 'Coding' && resolved.element.name === 'code';
}

function endsAtReference(resolved: ResolvedPath): boolean {
  return resolved.parentType === 'Reference' && resolved.element.name === 'reference';
}

function quoted(values: readonly string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}

/** The checks that need both the model field and the resolved end element. */
class FieldChecks {
  constructor(
    private readonly scope: FieldMappingScope,
    private readonly raw: RawFieldMapping,
    private readonly field: FieldIR,
    private readonly resolved: ResolvedPath,
    private readonly at: SectionPath,
    private readonly report: (problem: FhirProblem) => void,
  ) {}

  /** Reports an element type that cannot hold the field's type; returns whether it can. */
  checkType(): boolean {
    const { field, resolved } = this;
    const elementType = resolved.element.type;
    if (canHoldFieldType(elementType, field.type)) return true;

    const allowed = ELEMENT_TYPES_BY_FIELD_TYPE[field.type];
    const valid =
      allowed.length === 0
        ? `${field.type} fields cannot be mapped to FHIR elements`
        : `${/^[aeiou]/.test(field.type) ? 'an' : 'a'} ${field.type} field maps to ${allowed.join(', ')}`;
    this.report({
      code: 'fhir.element-type',
      message: `field "${field.name}" (${field.type}) cannot be written to ${resolved.display} (${elementType}); ${valid}`,
      at: this.pathAt(),
    });
    return false;
  }

  /** Checks `reference:` against the field and the path; returns the target resource type. */
  checkReference(): string | undefined {
    const { raw, field, resolved } = this;
    if (raw.reference === undefined) {
      if (endsAtReference(resolved)) {
        const target = field.references ?? '<Model>';
        this.report({
          code: 'fhir.reference-target',
          message: `path ends at ${resolved.display}, which contains a reference such as "Patient/<id>"; add reference: ${target} so that field "${field.name}" is written as one`,
          at: this.at,
        });
      }
      return undefined;
    }

    const at = [...this.at, 'reference'];
    const target = raw.reference;
    if (!this.scope.models.has(target)) {
      const names = [...this.scope.models.keys()];
      this.report({ code: 'fhir.unknown-model', message: suggest(`unknown model "${target}"`, target, names), at });
      return undefined;
    }

    if (field.references !== target) {
      const declared =
        field.references === undefined
          ? `field "${field.name}" declares no references`
          : `field "${field.name}" references "${field.references}"`;
      this.report({
        code: 'fhir.reference-target',
        message: `${declared}, but the mapping has reference: ${target}; the mapping's reference must name the model in the field's references`,
        at,
      });
    }
    if (!REFERENCE_FIELD_TYPES.has(field.type)) {
      this.report({
        code: 'fhir.element-type',
        message: `field "${field.name}" is ${field.type}, but a reference field must be uuid or string`,
        at: this.at,
      });
    }
    if (!endsAtReference(resolved)) {
      this.report({
        code: 'fhir.reference-target',
        message: `a field with reference: must end at the reference element of a Reference, such as subject.reference; ${resolved.display} is a ${resolved.element.type}`,
        at: this.pathAt(),
      });
    }

    if (!this.scope.mappedResources.has(target)) {
      this.report({
        code: 'fhir.reference-target',
        message: `model "${target}" has no FHIR mapping, so a reference to it has no resource type; add a mapping for "${target}"`,
        at,
      });
      return undefined;
    }
    return this.scope.mappedResources.get(target);
  }

  /**
   * Checks the mapping's `system`: it needs a path that ends at `Coding.code`, and cannot name
   * another system than a `code` field's own. Reports a `code` field at `Coding.code` with no
   * system at all, since the system is written beside the code.
   */
  checkSystem(): void {
    const { raw, field, resolved } = this;
    const ownSystem = field.type === 'code' ? field.system : undefined;
    if (raw.system !== undefined) {
      const at = [...this.at, 'system'];
      if (!endsAtCodingCode(resolved)) {
        this.report({
          code: 'fhir.system-not-coding',
          message: `system is written beside the code of a Coding, but ${resolved.display} is a ${resolved.element.type}; end the path at a Coding's code, such as one ending in coding.code, or remove system`,
          at,
        });
      } else if (ownSystem !== undefined && ownSystem !== raw.system) {
        this.report({
          code: 'fhir.system-conflict',
          message: `field "${field.name}" has system "${ownSystem}", but the mapping has system "${raw.system}"; remove system from the mapping`,
          at,
        });
      }
      return;
    }
    if (field.type !== 'code' || !endsAtCodingCode(resolved) || ownSystem !== undefined) return;

    this.report({
      code: 'fhir.missing-system',
      message: `field "${field.name}" ends at ${resolved.display}, the code of a Coding, which is written with its code system; add system: <uri> to field "${field.name}" of model "${this.scope.model?.name ?? ''}" or to this mapping`,
      at: this.at,
    });
  }

  /** Checks the value map, or the enum values themselves when there is none. */
  checkValues(): void {
    const { raw, field } = this;
    if (raw.values === undefined) {
      this.checkEnumValuesAsCodes();
      return;
    }

    if (!VALUE_MAP_FIELD_TYPES.has(field.type)) {
      this.report({
        code: 'fhir.value-map-type',
        message: `field "${field.name}" is ${field.type}, but a value map needs an enum, code or string field`,
        at: [...this.at, 'values'],
      });
      return;
    }

    if (field.type === 'enum') this.checkEnumKeys(raw.values, field.values ?? []);
    this.checkOneToOne(raw.values);
    this.checkCodes(raw.values);
  }

  private checkEnumKeys(values: Readonly<Record<string, string>>, enumValues: readonly string[]): void {
    const { field } = this;
    for (const key of Object.keys(values)) {
      if (enumValues.includes(key)) continue;
      this.report({
        code: 'fhir.value-map-unknown-value',
        message: suggest(`"${key}" is not a value of enum field "${field.name}"`, key, enumValues),
        at: [...this.at, 'values', key],
      });
    }

    const missing = enumValues.filter((value) => !Object.hasOwn(values, value));
    if (missing.length > 0) {
      this.report({
        code: 'fhir.value-map-incomplete',
        message: `the value map of field "${field.name}" has no code for ${quoted(missing)}; map every value of the enum`,
        at: [...this.at, 'values'],
      });
    }
  }

  private checkOneToOne(values: Readonly<Record<string, string>>): void {
    const keyByCode = new Map<string, string>();
    for (const [key, code] of Object.entries(values)) {
      const earlier = keyByCode.get(code);
      if (earlier === undefined) {
        keyByCode.set(code, key);
        continue;
      }
      this.report({
        code: 'fhir.value-map-not-one-to-one',
        message: `values "${earlier}" and "${key}" both map to "${code}", so a resource cannot be read back; give each value its own code`,
        at: [...this.at, 'values', key],
        related: [...this.at, 'values', earlier],
      });
    }
  }

  private checkCodes(values: Readonly<Record<string, string>>): void {
    for (const [key, code] of Object.entries(values)) {
      const problem = this.checkCode(code);
      if (problem === undefined) continue;
      this.report({
        code: problem.keyword === 'enum' ? 'fhir.unknown-code' : 'fhir.invalid-code',
        message: `value "${key}" maps to code "${code}" at ${this.resolved.display}, which ${problem.message}`,
        at: [...this.at, 'values', key],
      });
    }
  }

  // Without a value map, the enum values are written as they are, so each must be a valid code
  // of the element (`Patient.gender` takes only male, female, other and unknown).
  private checkEnumValuesAsCodes(): void {
    const { field, resolved } = this;
    if (field.type !== 'enum') return;

    for (const value of field.values ?? []) {
      const problem = this.checkCode(value);
      if (problem === undefined) continue;

      const codes = resolved.element.codes;
      const message =
        problem.keyword === 'enum' && codes !== undefined
          ? `enum value "${value}" of field "${field.name}" is not a code of ${resolved.display}; add a value map (values:) from each enum value to one of ${quoted(codes)}`
          : `enum value "${value}" of field "${field.name}" is written to ${resolved.display} unchanged, and it ${problem.message}; add a value map (values:) from each enum value to a valid code`;
      this.report({
        code: problem.keyword === 'enum' ? 'fhir.unknown-code' : 'fhir.invalid-code',
        message,
        at: this.at,
      });
    }
  }

  private checkCode(code: string) {
    const { resolved } = this;
    return checkElementValue(resolved.parentType, resolved.element.name, code, { item: true });
  }

  private pathAt(): SectionPath {
    return this.raw.objectForm ? [...this.at, 'path'] : this.at;
  }
}
