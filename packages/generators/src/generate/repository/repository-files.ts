import type { ModelIR, SpecIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import { compareCodeUnits } from '../compare-code-units.js';
import type { GeneratedFile } from '../generated-file.js';
import { generateAuditEventsFile } from './audit-events-file.js';
import { generateRepositoryFile } from './repository-file.js';
import { repositoriesFolder, repositoryNames } from './repository-names.js';
import { repositorySupportSource } from './repository-support-source.js';

/** The names that `repositories/index.ts` re-exports from the shared module. */
const sharedExports = [
  'HarborRequiredError',
  'maxPageSize',
  'type ExportedRecord',
  'type Page',
  'type PageKey',
  'type PageRequest',
  'type RepositoryAuditLog',
  'type RepositoryDatabase',
  'type RepositoryOptions',
  'type RepositoryStatement',
  'type RoleRequest',
  'type SqlValue',
  'type ViewOf',
];

/**
 * Generates the repositories of a spec under `repositories/`: one module per model, the shared
 * module that runs their calls, the audit event of each action, and an index. Repositories
 * target SQLite through better-sqlite3's synchronous API, so a spec for PostgreSQL gets none.
 */
export function generateRepositoryFiles(ir: SpecIR): GeneratedFile[] {
  if (ir.project.database !== 'sqlite' || ir.models.length === 0) {
    return [];
  }

  const modelsByName = new Map(ir.models.map((model) => [model.name, model]));
  const accessFiles = [
    ...ir.roles.map((role) => role.source.file),
    ...(ir.audit === undefined ? [] : [ir.audit.source.file]),
  ];
  const allFiles = [...ir.models.map((model) => model.source.file), ...accessFiles];
  const banner = (specFiles: readonly string[]): string =>
    generatedBanner(specFiles, '//').join('\n');

  return [
    ...ir.models.map((model) =>
      generateRepositoryFile(model, ir, modelsByName, [model.source.file, ...accessFiles]),
    ),
    {
      path: `${repositoriesFolder}/repository-support.ts`,
      contents: `${banner(allFiles)}\n\n${repositorySupportSource}`,
    },
    generateAuditEventsFile(ir.audit, allFiles),
    { path: `${repositoriesFolder}/index.ts`, contents: indexSource(ir.models, banner(allFiles)) },
  ];
}

function indexSource(models: readonly ModelIR[], banner: string): string {
  const specifiers = models
    .map((model) => repositoryNames(model).specifier)
    .sort(compareCodeUnits);
  const lines = [
    banner,
    '',
    ...specifiers.map((specifier) => `export * from '${specifier}';`),
    'export {',
    ...sharedExports.map((name) => `  ${name},`),
    "} from './repository-support.js';",
  ];
  return `${lines.join('\n')}\n`;
}
