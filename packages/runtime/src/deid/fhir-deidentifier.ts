import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';
import type { FhirPathStep } from '../fhir/fhir-mapping.js';
import { isResourceType } from '../fhir/r4-elements.js';
import type { DeidFieldRule } from './deid-rule.js';
import { DeidTally, type DeidSummary } from './deid-summary.js';
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
      list.push({ path: new OverridePath(override.steps), rule: override.rule });
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

  #applyOverrides(original: Record<string, unknown>, output: Record<string, unknown>): void {
    const type = original['resourceType'] as string;
    const overrides = this.#overrides.get(type);
    if (overrides === undefined) return;

    for (const override of overrides) {
      // A mapping reads the first value its path selects, so the override does too.
      const value = override.path.firstValue(original);
      if (value === undefined || value === null) continue;

      const replacement = this.#ruleValue(override.rule, value, type);
      override.path.replace(output, replacement);
    }
  }

  #ruleValue(rule: DeidFieldRule, value: unknown, resourceType: string): unknown {
    const text = typeof value === 'string' ? value : undefined;
    let result: unknown;
    switch (rule.action) {
      case 'keep':
        // A field the spec does not mark as PHI still loses the month and day of a date: Safe
        // Harbor removes every element of a date but the year, whatever the spec says.
        if (text === undefined || !datePattern.test(text)) return value;
        result = this.harbor.year(text) ?? undefined;
        if (result !== value) this.#tally.element('date');
        return result;
      case 'remove':
        result = undefined;
        break;
      case 'year':
        result = this.harbor.year(text) ?? undefined;
        break;
      case 'birth-year':
        result = this.harbor.birthYear(text) ?? undefined;
        break;
      case 'zip3':
        result = this.harbor.zip3(text) ?? undefined;
        break;
      case 'pseudonym':
        result = text === undefined ? undefined : this.#pseudonym(rule, text, resourceType);
        break;
    }

    if (result !== value) {
      this.#tally.element(rule.action === 'pseudonym' ? 'reference' : (rule.kind ?? 'other_id'));
    }
    return result;
  }

  #pseudonym(rule: DeidFieldRule, text: string, resourceType: string): string | undefined {
    if (text.includes('/') || text.startsWith('urn:')) {
      return pseudonymizeReference(text, this.harbor.pseudonyms);
    }
    return this.harbor.pseudonyms.code(rule.model ?? resourceType, text);
  }
}
