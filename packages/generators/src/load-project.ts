import { buildIR } from './ir/build-ir.js';
import type { SpecIR } from './ir/spec-ir.js';
import { sortIssues, type SpecIssue } from './issue.js';
import { findProjectFile, type ProjectLocation } from './loader/find-project-file.js';
import { mergeSpecFiles } from './loader/merge-spec-files.js';
import { readYamlFile } from './loader/read-yaml-file.js';
import { resolveProjectConfig, type ProjectConfig } from './loader/resolve-project-config.js';
import type { SourceDocument } from './loader/source-document.js';
import { checkGeneratedNames } from './validate/check-generated-names.js';
import { checkSchema } from './validate/check-schema.js';
import { validateSpec } from './validate/validate-spec.js';

/** The spec IR of a valid project, or every issue found in it, sorted by file and position. */
export type LoadResult =
  | { readonly ok: true; readonly ir: SpecIR }
  | { readonly ok: false; readonly issues: readonly SpecIssue[] };

/**
 * Loads, validates and compiles a project to its spec IR. `configPath` is hspec.yaml itself or
 * the folder that contains it (hspec.yml also works). Spec problems, missing files included, come
 * back as issues with file, line and column; the promise rejects only on internal errors.
 */
export async function loadProject(configPath: string): Promise<LoadResult> {
  const found = await findProjectFile(configPath);
  if (found.project === undefined) return failure(found.issues);

  const project = await readProject(found.project);
  if (project.config === undefined) return failure(project.issues);

  const specs = await readSpecFiles(project.config);
  // Cross-file checks would report every name that an unreadable file defines as unknown.
  if (specs.documents.length < project.config.specFiles.length) return failure(specs.issues);

  const merged = mergeSpecFiles(specs.documents);
  const validation = validateSpec(merged.spec, specs.brokenSections);

  const issues = [...specs.issues, ...merged.issues, ...validation.issues];
  if (issues.length > 0) return failure(issues);

  const ir = buildIR({
    project: project.config,
    draft: validation.draft,
    fhir: validation.fhir,
    locate: merged.spec.locate,
  });
  const nameIssues = checkGeneratedNames(ir);
  if (nameIssues.length > 0) return failure(nameIssues);
  return { ok: true, ir };
}

async function readProject(
  location: ProjectLocation,
): Promise<{ readonly config: ProjectConfig | undefined; readonly issues: readonly SpecIssue[] }> {
  const at = { file: location.configFile, line: 1, column: 1, path: '' };
  const parsed = await readYamlFile(location.root, location.configFile, at);
  if (parsed.document === undefined) return { config: undefined, issues: parsed.issues };

  const schemaIssues = checkSchema(parsed.document, 'project');
  const issues = [...parsed.issues, ...schemaIssues];
  if (issues.length > 0) return { config: undefined, issues };

  return resolveProjectConfig(location, parsed.document);
}

/**
 * Reads, parses and schema-checks every spec file. `brokenSections` names the top-level sections
 * that failed the schema in some file, whose dependent checks are skipped.
 */
async function readSpecFiles(config: ProjectConfig): Promise<{
  readonly documents: readonly SourceDocument[];
  readonly issues: readonly SpecIssue[];
  readonly brokenSections: ReadonlySet<string>;
}> {
  const documents: SourceDocument[] = [];
  const issues: SpecIssue[] = [];
  const brokenSections = new Set<string>();

  for (const file of config.specFiles) {
    const parsed = await readYamlFile(config.root, file, { file, line: 1, column: 1, path: '' });
    issues.push(...parsed.issues);
    if (parsed.document === undefined) continue;

    const schemaIssues = checkSchema(parsed.document, 'spec');
    for (const issue of schemaIssues) brokenSections.add(sectionOf(issue.path));
    issues.push(...schemaIssues);
    documents.push(parsed.document);
  }

  return { documents, issues, brokenSections };
}

/** Returns the top-level section of an issue path such as `models.Patient.fields`. */
function sectionOf(path: string): string {
  return /^[^.[]*/.exec(path)?.[0] ?? '';
}

function failure(issues: readonly SpecIssue[]): LoadResult {
  return { ok: false, issues: sortIssues(issues) };
}
