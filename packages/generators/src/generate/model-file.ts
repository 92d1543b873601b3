import type { ModelIR, SpecIR } from '../ir/spec-ir.js';
import { generatedBanner } from './banner.js';
import { CodeWriter } from './code-writer.js';
import { writeDecryptFunction } from './decrypt-function.js';
import { writeEncryptFunction } from './encrypt-function.js';
import type { GeneratedFile } from './generated-file.js';
import { ImportList } from './import-list.js';
import { writeLookupFunctions } from './lookup-functions.js';
import type { ModelContext } from './model-context.js';
import {
  writeInputInterface,
  writeRecordInterface,
  writeRowInterface,
} from './model-interfaces.js';
import { lookupIndexFunctionName, modelNames } from './model-names.js';
import { writeTableConstant } from './model-table-constant.js';

/**
 * Generates the module of one model: its record, input and row interfaces, its metadata
 * constant, and the functions that encrypt, decrypt and index it.
 */
export function generateModelFile(
  model: ModelIR,
  ir: SpecIR,
  modelsByName: ReadonlyMap<string, ModelIR>,
): GeneratedFile {
  const names = modelNames(model);
  const declared = [
    names.record,
    names.input,
    names.row,
    names.table,
    names.encrypt,
    names.decrypt,
    ...model.fields.flatMap((field) =>
      field.lookup === 'exact' ? [lookupIndexFunctionName(model, field)] : [],
    ),
  ];
  const imports = new ImportList(declared);
  const writer = new CodeWriter({ indentNumberOfSpaces: 2 });
  const context: ModelContext = {
    model,
    names,
    database: ir.project.database,
    modelsByName,
    imports,
    writer,
  };

  // The body is written first because it decides what the module imports.
  writeRecordInterface(context);
  writeInputInterface(context);
  writeRowInterface(context);
  writeTableConstant(context);
  writeEncryptFunction(context);
  writeDecryptFunction(context);
  writeLookupFunctions(context);

  const head = [...generatedBanner([model.source.file], '//'), '', ...imports.print(), ''];
  const body = `${writer.toString().replace(/^\n+/, '').trimEnd()}\n`;
  return { path: names.file, contents: `${head.join('\n')}\n${body}` };
}
