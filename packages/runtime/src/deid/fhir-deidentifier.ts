import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';
import type { FhirPathStep } from '../fhir/fhir-mapping.js';
import { elementOf, isResourceType } from '../fhir/r4-elements.js';
import { contactDetailKindOf } from './contact-details.js';
import type { DeidFieldRule } from './deid-rule.js';
import { DeidTally, type DeidElementKind, type DeidSummary } from './deid-summary.js';
import { FhirElementWalker } from './fhir-element-walker.js';
import { OverridePath } from './override-path.js';
import { pseudonymizeReference } from './pseudonymize-reference.js';
import type { SafeHarbor } from './safe-harbor.js';

/** A FHIR date or date-time precise to at least the month. */
const datePattern = /^[0-9]{4}-[0-9]{2}(-[0-9]{2}(T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})?)?)?$/;

/**
 * A spec field's rule for the element its FHIR mapping reads, which replaces the default rules
 * for that element: a `plain` field mapped to `Observation.valueString` keeps its value, a PHI
 * field mapped to a code is removed.
 */
export interface FhirDeidOverride {
  /** R4 resource type of the mapping, such as `Patient`. */
  readonly resource: string;
  /** The mapping's path, with `repeats` from the R4 definitions. */
  readonly steps: readonly FhirPathStep[];
  readonly rule: DeidFieldRule;
}

/** An override with its path prepared for the run. */
interface PreparedOverride {
  readonly path: OverridePath;
  readonly rule: DeidFieldRule;
  /** R4 type of the element that the path ends at, when the element table names it. */
  readonly elementType: string | undefined;
}

/** Options of a FhirDeidentifier. */
export interface FhirDeidentifierOptions {
  readonly harbor: SafeHarbor;
  /** Rules of the spec's mapped fields; every other element follows the default rules. */
  readonly overrides?: readonly FhirDeidOverride[];
}

/**
 * Safe Harbor de-identification of FHIR R4 resources (45 CFR 164.514(b)(2)). Each element is
 * handled by its R4 type unless the spec maps it. Names, contact points, identifiers, notes and
 * free text are removed. Dates keep their year, and addresses keep state, country and ZIP3. Ids
 * and references get random pseudonyms that stay the same for the run, so references still
 * resolve in the output. docs/deidentification.md lists every rule.
 *
 * @example
 * const deidentifier = new FhirDeidentifier({ harbor: new SafeHarbor({ restrictedZip3 }) });
 * const patient = deidentifier.resource(JSON.parse(line));
 * deidentifier.summary(); // { resources: { Patient: 1 }, elements: { name: 2, date: 1, ... } }
 */
export class FhirDeidentifier {
  readonly harbor: SafeHarbor;
  readonly #tally = new DeidTally();
  readonly #walker: FhirElementWalker;
  readonly #overrides = new Map<string, PreparedOverride[]>();

  constructor(options: FhirDeidentifierOptions) {
    this.harbor = options.harbor;
    for (const override of options.overrides ?? []) {
      const list = this.#overrides.get(override.resource) ?? [];
      list.push({
        path: new OverridePath(override.steps),
        rule: override.rule,
        elementType: elementTypeOf(override.resource, override.steps),
      });
      this.#overrides.set(override.resource, list);
    }
    this.#walker = new FhirElementWalker(this.harbor, this.#tally, (original, output) =>
      this.#applyOverrides(original, output),
    );
  }

  /**
   * Returns a de-identified copy of a resource; the input is not changed. Throws
   * HspecRuntimeError `deid.unknown-resource-type` when `resourceType` is not an R4 resource type.
   */
  resource(resource: Record<string, unknown>): Record<string, unknown> {
    const type = resource['resourceType'];
    if (typeof type !== 'string' || !isResourceType(type)) {
      throw new HspecRuntimeError(
        'deid.unknown-resource-type',
        'resourceType is missing or not an R4 resource type',
      );
    }
    return this.#walker.resource(resource);
  }

  /**
   * Returns one top-level member of a Bundle de-identified, or undefined when it is removed,
   * for a Bundle read member by member. `resourceType` counts the Bundle in the summary; use
   * `bundleEntry` for the items of `entry`.
   */
  bundleMember(name: string, value: unknown): unknown {
    if (name === 'resourceType') {
      if (value === 'Bundle') this.#tally.resource('Bundle');
      return value;
    }
    if (name === 'id') return typeof value === 'string' ? this.#bundleId(value) : undefined;

    const scope = { type: 'Bundle', resource: { resourceType: 'Bundle' } };
    return this.#walker.element('Bundle', name, value, scope);
  }

  /** Returns one item of a Bundle's `entry` de-identified, or undefined when nothing is left. */
  bundleEntry(entry: unknown): unknown {
    const scope = { type: 'Bundle', resource: { resourceType: 'Bundle' } };
    const walked = this.#walker.element('Bundle', 'entry', [entry], scope);
    return Array.isArray(walked) ? walked[0] : undefined;
  }

  /** Returns what the run has done so far: resources by type and changed elements by kind. */
  summary(): DeidSummary {
    return this.#tally.summary();
  }

  #bundleId(id: string): string {
    this.#tally.element('id');
    return this.harbor.pseudonyms.code('Bundle', id);
  }

  /**
   * Applies the spec's rules to the elements its mappings read. A `keep` only restores an
   * element that the default rules removed entirely, so that an age cap, a year or another
   * coding that the defaults left stays. Every other rule replaces what the defaults left.
   */
  #applyOverrides(original: Record<string, unknown>, output: Record<string, unknown>): void {
    const type = original['resourceType'] as string;
    const overrides = this.#overrides.get(type);
    if (overrides === undefined) return;

    for (const override of overrides) {
      // A mapping reads the first value its path selects, so the override does too.
      const value = override.path.firstValue(original);
      if (value === undefined || value === null) continue;
      const left = override.path.firstValue(output);

      if (override.rule.action === 'keep') {
        if (left !== undefined) continue;
        const kept = this.#keptValue(value, override.elementType);
        if (kept !== undefined) override.path.replace(output, kept);
        continue;
      }

      const replacement = this.#ruleValue(override.rule, value, type);
      // An element that the defaults changed has been counted once already.
      if (left === value && replacement !== value) this.#tally.element(countedKind(override.rule));
      // The defaults often give the rule's value already (a birth year, a reference's code).
      if (replacement === left && override.path.selectsOne) continue;
      override.path.replace(output, replacement);
    }
  }

  /**
   * Returns the value that a `keep` restores, or undefined when Safe Harbor removes it whatever
   * the spec's rule. A date keeps only its year. A year that shows an age of 90 or more is not
   * restored, and neither is a text that contains a contact detail. Nothing is counted, because
   * the default rules counted the element when they removed it.
   */
  #keptValue(value: unknown, elementType: string | undefined): unknown {
    if (typeof value !== 'string') return value;

    const isDate = elementType === 'date' || elementType === 'dateTime' || datePattern.test(value);
    if (isDate) return this.harbor.year(value) ?? undefined;
    return contactDetailKindOf(value) === undefined ? value : undefined;
  }

  #ruleValue(rule: DeidFieldRule, value: unknown, resourceType: string): unknown {
    const text = typeof value === 'string' ? value : undefined;
    switch (rule.action) {
      case 'keep':
        return value;
      case 'remove':
        return undefined;
      case 'year':
        return this.harbor.year(text) ?? undefined;
      case 'birth-year':
        return this.harbor.birthYear(text) ?? undefined;
      case 'zip3':
        return this.harbor.zip3(text) ?? undefined;
      case 'pseudonym':
        return text === undefined ? undefined : this.#pseudonym(rule, text, resourceType);
    }
  }

  #pseudonym(rule: DeidFieldRule, text: string, resourceType: string): string | undefined {
    if (text.includes('/') || text.startsWith('urn:')) {
      return pseudonymizeReference(text, this.harbor.pseudonyms);
    }
    return this.harbor.pseudonyms.code(rule.model ?? resourceType, text);
  }
}

/** Returns the R4 type of the element that a path ends at, or undefined when it is not known. */
function elementTypeOf(resource: string, steps: readonly FhirPathStep[]): string | undefined {
  let type = resource;
  for (const step of steps) {
    if (step.kind !== 'member') continue;
    const element = elementOf(type, step.name);
    if (element === undefined) return undefined;
    type = element.type;
  }
  return type;
}

/** Returns the summary kind of an element that a spec rule changed. */
function countedKind(rule: DeidFieldRule): DeidElementKind {
  return rule.action === 'pseudonym' ? 'reference' : (rule.kind ?? 'other_id');
}
