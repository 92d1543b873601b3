import { validateFhir } from '../fhir/validate-fhir.js';
import { buildModels } from '../ir/build-ir.js';
import type { FhirIR } from '../ir/spec-ir.js';
import type { SourceLocation, SpecIssue } from '../issue.js';
import type { MergedSpec } from '../loader/merge-spec-files.js';
import type { SpecPath } from '../loader/spec-path.js';
import { loadIdentifierKinds, loadPurposeOfUseCodes } from './catalogs.js';
import { checkAudit } from './check-audit.js';
import { checkModels } from './check-models.js';
import { checkNames } from './check-names.js';
import { checkRoles } from './check-roles.js';
import { checkSecurity } from './check-security.js';
import { checkTests } from './check-tests.js';
import { checkViews } from './check-views.js';
import { IssueReporter } from './issue-reporter.js';
import { readSpecDraft, type SpecDraft } from './spec-draft.js';
import { indexSpec } from './spec-index.js';

/** The outcome of the semantic checks: every issue, the draft, and the FHIR IR when built. */
export interface SpecValidation {
  readonly issues: readonly SpecIssue[];
  readonly draft: SpecDraft;
  readonly fhir: FhirIR | undefined;
}

/**
 * Runs every semantic check on the merged spec and collects all issues together. FHIR mappings
 * are checked against the models, so they are checked only when the models and the shape of
 * the fhir section are free of issues. `brokenSections` names the sections with schema issues.
 */
export function validateSpec(
  spec: MergedSpec,
  brokenSections: ReadonlySet<string>,
): SpecValidation {
  const phiKinds = new Set(loadIdentifierKinds().map((kind) => kind.name));
  const purposes = loadPurposeOfUseCodes().map((entry) => entry.code);
  const draft = readSpecDraft(spec.data, phiKinds);
  const index = indexSpec(draft, purposes);

  const modelReporter = new IssueReporter(spec);
  checkNames(draft, modelReporter);
  checkModels(draft, index, modelReporter);

  const reporter = new IssueReporter(spec);
  checkViews(draft, index, reporter);
  checkRoles(draft, index, reporter);
  checkAudit(draft, reporter);
  checkSecurity(draft, reporter);
  checkTests(draft, index, reporter);

  const modelsValid = modelReporter.issues.length === 0 && !brokenSections.has('models');
  const fhir =
    draft.fhir === undefined || !modelsValid || brokenSections.has('fhir')
      ? { ir: undefined, issues: [] }
      : checkFhir(spec, draft);

  return {
    issues: [...modelReporter.issues, ...reporter.issues, ...fhir.issues],
    draft,
    fhir: fhir.ir,
  };
}

function checkFhir(
  spec: MergedSpec,
  draft: SpecDraft,
): { ir: FhirIR | undefined; issues: SpecIssue[] } {
  const locate = (path: SpecPath): SourceLocation => {
    const { file, line, column } = spec.locate(['fhir', ...path], 'node');
    return { file, line, column };
  };
  const isPlainScalar = (path: SpecPath): boolean => spec.nodeAt(['fhir', ...path])?.plain ?? false;

  const models = buildModels(draft.models, spec.locate);
  return validateFhir(draft.fhir, models, locate, { isPlainScalar });
}
