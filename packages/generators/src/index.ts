export type * from './ir/spec-ir.js';
export type { SourceLocation, SpecIssue } from './issue.js';
export { formatIssue, sortIssues } from './issue.js';
