import type { ModelIR, SpecIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import { CodeWriter } from '../code-writer.js';
import type { GeneratedFile } from '../generated-file.js';
import { ImportList } from '../import-list.js';
import { primaryKeyField, type ModelContext } from '../model-context.js';
import { modelNames } from '../model-names.js';
import { writeChangeFunction } from './change-function.js';
import { writeModelConstant } from './model-constant.js';
import { writeProjectionFunction } from './projection-function.js';
import { writeRepositoryClass, writeRepositoryTypes } from './repository-class.js';
import { exportLink, readByDeidentifiedRole } from './repository-features.js';
import { repositoryNames } from './repository-names.js';
import { checkLinkTypes, repositorySql } from './repository-sql.js';
import { columnType } from './stored-column.js';

/**
 * Generates the repository module of one model: its view and changes types, the functions that
 * project and change its rows, the constant that describes it to the shared RecordStore, and the
 * repository class.
 */
export function generateRepositoryFile(
  model: ModelIR,
  ir: SpecIR,
  modelsByName: ReadonlyMap<string, ModelIR>,
  specFiles: readonly string[],
): GeneratedFile {
  const subject = ir.models.find((candidate) => candidate.subject);
  checkLinkTypes(model, subject);

  const names = repositoryNames(model);
  const declared = [
    names.repository,
    names.view,
    names.changes,
    names.model,
    names.project,
    names.change,
  ];
  const imports = new ImportList(declared);
  const writer = new CodeWriter({ indentNumberOfSpaces: 2 });
  const context: ModelContext = {
    model,
    names: modelNames(model),
    database: ir.project.database,
    modelsByName,
    imports,
    writer,
  };

  const key = primaryKeyField(model);
  if (key.encrypted) {
    throw new Error(`primary key ${model.name}.${key.name} cannot be encrypted`);
  }
  const keyType = columnType(key, imports);
  const updateEvent = ir.audit?.events.find((event) => event.actions.includes('update'));

  // The body is written first because it decides what the module imports.
  writeRepositoryTypes(context, names);
  writeProjectionFunction(context, names);
  writeChangeFunction(context, names, updateEvent?.diff ?? false);
  const sql = repositorySql(model, subject, modelsByName);
  writeModelConstant(context, names, sql, keyType, readByDeidentifiedRole(model, ir));
  writeRepositoryClass(context, names, keyType, exportLink(model, ir));

  const head = [...generatedBanner(specFiles, '//'), '', ...imports.print(), ''];
  const body = `${writer.toString().replace(/^\n+/, '').trimEnd()}\n`;
  return { path: names.file, contents: `${head.join('\n')}\n${body}` };
}
