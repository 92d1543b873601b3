import type { DeidFieldRule, DeidModelRules } from '@hspec/runtime';

import type { FieldIR, ModelIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import { CodeWriter } from '../code-writer.js';
import { sentence } from '../doc-comment.js';
import { recordTypeMembers, runtimeModule } from '../field-types.js';
import type { GeneratedFile } from '../generated-file.js';
import { ImportList } from '../import-list.js';
import { writeDocComment, writeFunction, writeLines, writeTypeMember } from '../model-context.js';
import { maxLineWidth, propertyAccess, propertyKey, quoteString } from '../typescript-syntax.js';
import { printCall } from '../fhir/call-layout.js';
import { deidNames, type DeidNames } from './deid-names.js';

/** The member of a de-identified record that is true when the birth date gives age 90 or more. */
export const ageOver89Member = 'ageOver89';

/** The state that the printers of one de-identification module share. */
interface DeidFileContext {
  readonly model: ModelIR;
  readonly rules: DeidModelRules;
  readonly names: DeidNames;
  readonly imports: ImportList;
  readonly writer: CodeWriter;
}

/**
 * Generates the de-identification module of one model: its Safe Harbor rules as data, the type
 * of a de-identified record, and the function that de-identifies a record.
 */
export function generateDeidFile(
  model: ModelIR,
  rules: DeidModelRules,
  specFiles: readonly string[],
): GeneratedFile {
  const names = deidNames(model);
  const birthYear = rules.fields.find((rule) => rule.action === 'birth-year');
  if (birthYear !== undefined && model.fields.some((field) => field.name === ageOver89Member)) {
    throw new Error(
      `cannot generate model code: the de-identified ${model.name} adds ${ageOver89Member} for ` +
        `birth date ${birthYear.field}, but the model has a field of that name; rename the field`,
    );
  }

  const imports = new ImportList([names.rules, names.deidentified, names.deidentify]);
  const writer = new CodeWriter({ indentNumberOfSpaces: 2 });
  const context: DeidFileContext = { model, rules, names, imports, writer };

  // The body is written first because it decides what the module imports.
  writeRulesConstant(context);
  writeDeidentifiedInterface(context);
  writeDeidentifyFunction(context, birthYear);

  const head = [...generatedBanner(specFiles, '//'), '', ...imports.print(), ''];
  const body = `${writer.toString().replace(/^\n+/, '').trimEnd()}\n`;
  return { path: names.file, contents: `${head.join('\n')}\n${body}` };
}

function writeRulesConstant({ model, rules, names, imports, writer }: DeidFileContext): void {
  const type = imports.type(runtimeModule, 'DeidModelRules');
  writeDocComment(
    writer,
    `The Safe Harbor rule of each ${model.name} field, for deidentifyRecord and for the ` +
      'reads of de-identified roles.',
  );
  const lines = [
    `export const ${names.rules}: ${type} = {`,
    `  model: ${quoteString(model.name)},`,
  ];
  if (rules.fields.length === 0) {
    lines.push('  fields: [],');
  } else {
    lines.push(
      '  fields: [',
      ...rules.fields.flatMap((rule) => ruleLines(rule, 4, '', ',')),
      '  ],',
    );
  }
  lines.push('};');
  writeLines(writer, lines);
}

/**
 * Prints one rule as an object literal at the given indentation, after `head` and before
 * `tail`: on one line when it fits, else one property per line. `kind` and `model` are written
 * out when undefined, because DeidFieldRule declares them as required.
 */
export function ruleLines(
  rule: DeidFieldRule,
  indentWidth: number,
  head: string,
  tail: string,
): string[] {
  const indent = ' '.repeat(indentWidth);
  const properties = [
    `field: ${quoteString(rule.field)}`,
    `action: ${quoteString(rule.action)}`,
    `kind: ${rule.kind === undefined ? 'undefined' : quoteString(rule.kind)}`,
    `model: ${rule.model === undefined ? 'undefined' : quoteString(rule.model)}`,
  ];
  const oneLine = `${indent}${head}{ ${properties.join(', ')} }${tail}`;
  if (oneLine.length <= maxLineWidth) return [oneLine];
  return [
    `${indent}${head}{`,
    ...properties.map((property) => `${indent}  ${property},`),
    `${indent}}${tail}`,
  ];
}

function writeDeidentifiedInterface({
  model,
  rules,
  names,
  imports,
  writer,
}: DeidFileContext): void {
  const removed = rules.fields.filter((rule) => rule.action === 'remove').map((rule) => rule.field);
  const summary = `A ${model.name} after Safe Harbor de-identification by ${names.rules}.`;
  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    removed.length === 0 ? summary : `${summary} Removed fields: ${removed.join(', ')}.`,
  );

  writer.write(`export interface ${names.deidentified}`).block(() => {
    for (const rule of rules.fields) {
      const field = fieldOf(model, rule.field);
      const member = deidentifiedMember(model, field, rule, imports);
      if (member === undefined) continue;

      if (member.doc !== undefined) writeDocComment(writer, member.doc);
      writeTypeMember(writer, `readonly ${propertyKey(field.name)}:`, member.types);
      if (rule.action === 'birth-year') {
        writeDocComment(
          writer,
          `True when ${field.name} gives an age of 90 or more on the reference date.`,
        );
        writeTypeMember(writer, `readonly ${ageOver89Member}:`, ['boolean']);
      }
    }
  });
}

interface DeidentifiedMember {
  readonly doc: string | undefined;
  readonly types: readonly string[];
}

function deidentifiedMember(
  model: ModelIR,
  field: FieldIR,
  rule: DeidFieldRule,
  imports: ImportList,
): DeidentifiedMember | undefined {
  const nullable = (types: readonly string[]) => (field.optional ? [...types, 'null'] : types);
  switch (rule.action) {
    case 'remove':
      return undefined;
    case 'keep': {
      const doc = field.description === undefined ? undefined : sentence(field.description);
      return { doc, types: recordTypeMembers(field, imports) };
    }
    case 'pseudonym': {
      const target = field.primaryKey ? `this ${model.name}` : `the referenced ${rule.model ?? ''}`;
      return {
        doc: `Pseudonym of ${target}: a random code, stable within one SafeHarbor.`,
        types: nullable(['string']),
      };
    }
    case 'year':
      return { doc: `Year of ${field.name} (YYYY).`, types: nullable(['string']) };
    case 'birth-year':
      return {
        doc: `Year of birth (YYYY), or null when the age on the reference date is 90 or more.`,
        types: ['string', 'null'],
      };
    case 'zip3':
      return {
        doc: 'First three digits of the ZIP code, or 000 for a prefix with 20,000 people or fewer.',
        types: nullable(['string']),
      };
  }
}

function writeDeidentifyFunction(
  { model, names, imports, writer }: DeidFileContext,
  birthYear: DeidFieldRule | undefined,
): void {
  const deidentifyRecord = imports.value(runtimeModule, 'deidentifyRecord');
  const safeHarbor = imports.type(runtimeModule, 'SafeHarbor');
  const record = imports.type(deidNames(model).modelModule, model.name);
  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `De-identifies a ${model.name} by ${names.rules}. Pseudonyms come from the SafeHarbor, so ` +
      'one SafeHarbor gives the same record the same codes.',
  );
  const parameters = [`record: ${record}`, `harbor: ${safeHarbor}`];
  writeFunction(
    writer,
    `export function ${names.deidentify}`,
    parameters,
    names.deidentified,
    () => {
      const call = [deidentifyRecord, names.rules, '{ ...record }', 'harbor'] as const;
      if (birthYear === undefined) {
        writeLines(writer, printCall(2, 'return ', call, ` as unknown as ${names.deidentified};`));
        return;
      }
      const birthDate = propertyAccess('record', birthYear.field);
      writeLines(writer, printCall(2, 'const deidentified = ', call, ';'));
      writer.writeLine(`const ${ageOver89Member} = harbor.ageOver89(${birthDate});`);
      writer.writeLine(`return { ...deidentified, ${ageOver89Member} } as ${names.deidentified};`);
    },
  );
}

function fieldOf(model: ModelIR, name: string): FieldIR {
  const field = model.fields.find((candidate) => candidate.name === name);
  if (field === undefined)
    throw new Error(`de-identification rules of ${model.name} name unknown field ${name}`);
  return field;
}
