import type { FhirIR, MappingIR, ModelIR } from '../ir/spec-ir.js';
import type { SpecIssue } from '../issue.js';
import { checkMapping } from './check-mapping.js';
import { FhirReporter, type LocateInSection, type SectionPath } from './fhir-reporter.js';
import { readFhirSection } from './read-fhir-section.js';
import { isResourceType } from './r4-elements.js';

/** Options of `validateFhir`. */
export interface ValidateFhirOptions {
  /**
   * Tells whether the YAML value at a place in the section is a plain (unquoted) scalar on one
   * line, whose characters sit in the file as parsed. Only then do path errors add the offset of
   * the bad token to the column. Without this option, every path without a line break counts as
   * plain, so an error in a quoted or folded path gets a column that is off by the quoting.
   */
  readonly isPlainScalar?: (path: SectionPath) => boolean;
}

/**
 * Validates the `fhir` section against the spec's models and the FHIR R4 definitions, and builds
 * its IR. `section` is the merged `fhir` object after the spec's JSON Schema accepted it;
 * `locate` maps a place in the section to its source location. The IR is undefined when any
 * issue was found.
 */
export function validateFhir(
  section: unknown,
  models: readonly ModelIR[],
  locate: LocateInSection,
  options: ValidateFhirOptions = {},
): { ir: FhirIR | undefined; issues: SpecIssue[] } {
  const reporter = new FhirReporter(locate, options.isPlainScalar ?? (() => true));
  const rawMappings = readFhirSection(section);

  const modelsByName = new Map(models.map((model) => [model.name, model]));
  const mappedResources = new Map(
    rawMappings.map((raw) => [raw.model, isResourceType(raw.resource) ? raw.resource : undefined]),
  );
  const scope = { reporter, models: modelsByName, mappedResources };

  const mappings: MappingIR[] = [];
  for (const raw of rawMappings) {
    const mapping = checkMapping(scope, raw);
    if (mapping !== undefined) mappings.push(mapping);
  }

  if (reporter.issues.length > 0) return { ir: undefined, issues: reporter.issues };
  const ir: FhirIR = { kind: 'fhir', version: 'R4', mappings, source: locate([]) };
  return { ir, issues: [] };
}
