import { resolve } from 'node:path';

import { formatIssue, loadProject } from '@hspec/generators';

import { ExitCode } from '../output/exit-code.js';
import type { Writer } from '../output/writer.js';
import { printIssues, resolveConfigPath } from './load-spec.js';

/** Validates the spec and prints either every issue or a one-line summary. */
export async function runValidate(project: string, writer: Writer): Promise<number> {
  const result = await loadProject(resolveConfigPath(project));

  if (!result.ok) {
    writer.document({
      ok: false,
      issues: result.issues.map((issue) => ({ ...issue, text: formatIssue(issue) })),
    });
    printIssues(result.issues, resolve(project), writer);
    return ExitCode.failure;
  }

  const { ir } = result;
  const summary = {
    ok: true,
    specFiles: ir.project.specFiles,
    models: ir.models.length,
    roles: ir.roles.length,
    views: ir.views.length,
    mappings: ir.fhir?.mappings.length ?? 0,
    tests: ir.tests.length,
  };
  writer.document(summary);
  writer.line(
    `${writer.paint('green', 'valid')}: ${summary.models} models, ${summary.roles} roles, ` +
      `${summary.views} views, ${summary.mappings} FHIR mappings, ${summary.tests} policy tests ` +
      `in ${summary.specFiles.length} spec files`,
  );
  return ExitCode.ok;
}
