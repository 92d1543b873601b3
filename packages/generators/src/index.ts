export type * from './ir/spec-ir.js';
export type { SourceLocation, SpecIssue } from './issue.js';
export { formatIssue, sortIssues } from './issue.js';

export { loadProject, type LoadResult } from './load-project.js';
export { compilePolicy } from './ir/compile-policy.js';

export { generateFiles, type GeneratedFile } from './generate/generate-files.js';

export { hasDrift, OutputFolderError, planOutput, type OutputPlan } from './write/output-plan.js';
export { ForeignFilesError, writeOutput } from './write/write-output.js';
export { fhirDeidOverrides } from './generate/deid/fhir-deid-overrides.js';
