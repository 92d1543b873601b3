import type { FieldIR, FieldMappingIR, MappingIR, ModelIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import { CodeWriter } from '../code-writer.js';
import { plainTypeMembers, runtimeModule } from '../field-types.js';
import type { GeneratedFile } from '../generated-file.js';
import { ImportList } from '../import-list.js';
import { printLiteral, type Literal } from '../literal-layout.js';
import {
  primaryKeyField,
  writeDocComment,
  writeFunction,
  writeLines,
  writeTypeMember,
} from '../model-context.js';
import { modelNames } from '../model-names.js';
import { propertyKey, quoteString } from '../typescript-syntax.js';
import { printCall } from './call-layout.js';
import { fhirNames, type FhirNames } from './fhir-names.js';
import { mappedField } from './mapped-field.js';
import { runtimeSteps, stepsLiteral } from './runtime-steps.js';

/** The state that the printers of one FHIR mapper module share. */
interface FhirFileContext {
  readonly mapping: MappingIR;
  readonly model: ModelIR;
  readonly names: FhirNames;
  readonly imports: ImportList;
  readonly writer: CodeWriter;
}

/**
 * Generates the FHIR mapper module of one mapped model: the mapping as data, the interface of
 * the id and the mapped fields, and the functions that write a resource and read one back.
 */
export function generateFhirFile(mapping: MappingIR, model: ModelIR): GeneratedFile {
  const names = fhirNames(model);
  const imports = new ImportList([names.mapping, names.fields, names.toFhir, names.fromFhir]);
  const writer = new CodeWriter({ indentNumberOfSpaces: 2 });
  const context: FhirFileContext = { mapping, model, names, imports, writer };

  // The body is written first because it decides what the module imports.
  writeMappingConstant(context);
  writeFieldsInterface(context);
  writeToFhirFunction(context);
  writeFromFhirFunction(context);

  const specFiles = [mapping.source.file, model.source.file];
  const head = [...generatedBanner(specFiles, '//'), '', ...imports.print(), ''];
  const body = `${writer.toString().replace(/^\n+/, '').trimEnd()}\n`;
  return { path: names.file, contents: `${head.join('\n')}\n${body}` };
}

function writeMappingConstant({ mapping, model, names, imports, writer }: FhirFileContext): void {
  const type = imports.type(runtimeModule, 'FhirMapping');
  writeDocComment(
    writer,
    `How a ${model.name} maps to the FHIR R4 ${mapping.resource} resource, as data that the ` +
      'runtime mapper walks in both directions.',
  );

  const lines = [
    `export const ${names.mapping}: ${type} = {`,
    `  model: ${quoteString(model.name)},`,
    `  resource: ${quoteString(mapping.resource)},`,
    `  idField: ${quoteString(model.primaryKey)},`,
    ...printLiteral(jsonLiteral(mapping.fixed, 'fixed'), 2, 'fixed: ', ',').map(indent),
  ];
  const fields = mapping.fields.map((fieldMapping) => {
    const field = mappedField(model, fieldMapping.field);
    return fieldMappingLines(mapping.resource, fieldMapping, field);
  });
  if (fields.length === 0) {
    lines.push('  fields: [],');
  } else {
    lines.push('  fields: [', ...fields.flat().map((line) => indent(indent(line))), '  ],');
  }
  lines.push('};');
  writeLines(writer, lines);
}

// The indentation of the properties of an entry of `fields` in the generated constant.
const propertyIndent = 6;

// One entry of `fields`, always one property per line. The properties that hold undefined are
// written out, because FhirFieldMapping declares them as required.
function fieldMappingLines(resource: string, mapping: FieldMappingIR, field: FieldIR): string[] {
  const steps = stepsLiteral(runtimeSteps(resource, mapping, field));
  const values =
    mapping.values === undefined
      ? ['values: undefined,']
      : printLiteral(jsonLiteral(mapping.values, 'values'), propertyIndent, 'values: ', ',');
  const reference = mapping.reference === undefined ? 'undefined' : quoteString(mapping.reference);
  const properties = [
    `field: ${quoteString(mapping.field)},`,
    `path: ${quoteString(mapping.path)},`,
    ...printLiteral(steps, propertyIndent, 'steps: ', ','),
    `elementType: ${quoteString(mapping.elementType)},`,
    `fieldType: ${quoteString(field.type)},`,
    `optional: ${String(field.optional)},`,
    `reference: ${reference},`,
    ...values,
  ];
  return ['{', ...properties.map(indent), '},'];
}

function writeFieldsInterface({ mapping, model, names, imports, writer }: FhirFileContext): void {
  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `The id and the mapped fields of a ${model.name}, as ${names.fromFhir} reads them from a ` +
      `FHIR ${mapping.resource} resource. Optional fields are null when absent.`,
  );
  writer.write(`export interface ${names.fields}`).block(() => {
    // The runtime reads the resource id back as text, whatever the type of the primary key.
    const key = primaryKeyField(model);
    writeDocComment(writer, 'Primary key, as the resource id.');
    writeTypeMember(writer, `readonly ${propertyKey(key.name)}:`, ['string']);

    for (const fieldMapping of mapping.fields) {
      const field = mappedField(model, fieldMapping.field);
      const members = plainTypeMembers(field, imports);
      writeDocComment(writer, `Mapped to ${mapping.resource}.${fieldMapping.path}.`);
      writeTypeMember(
        writer,
        `readonly ${propertyKey(field.name)}:`,
        field.optional ? [...members, 'null'] : members,
      );
    }
  });
}

function writeToFhirFunction({ mapping, model, names, imports, writer }: FhirFileContext): void {
  const fhir4 = imports.type(runtimeModule, 'fhir4');
  const toFhirResource = imports.value(runtimeModule, 'toFhirResource');
  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `Writes a ${model.name} as a FHIR R4 ${mapping.resource} resource: its id, the fixed ` +
      `elements and every mapped field that is not null. It takes a ${model.name} record or ` +
      `what ${names.fromFhir} returns.`,
  );
  const record = imports.type(modelNames(model).specifier.replace(/^\./, '..'), model.name);
  const parameters = [`record: ${record} | ${names.fields}`];
  writeFunction(
    writer,
    `export function ${names.toFhir}`,
    parameters,
    `${fhir4}.${mapping.resource}`,
    () => {
      const call = [toFhirResource, names.mapping, '{ ...record }'] as const;
      writeLines(
        writer,
        printCall(2, 'return ', call, ` as unknown as ${fhir4}.${mapping.resource};`),
      );
    },
  );
}

function writeFromFhirFunction({ mapping, model, names, imports, writer }: FhirFileContext): void {
  const fhir4 = imports.type(runtimeModule, 'fhir4');
  const bundleIndex = imports.type(runtimeModule, 'BundleIndex');
  const fromFhirResource = imports.value(runtimeModule, 'fromFhirResource');
  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `Reads the id and the mapped fields of a ${model.name} from a FHIR R4 ${mapping.resource} ` +
      'resource. Pass the index of the Bundle that holds the resource to resolve its urn:uuid: ' +
      'references. Throws FhirMappingError when a required field is missing or a value does ' +
      'not fit its field; the error names the path, never the value.',
  );
  const parameters = [
    `resource: ${fhir4}.${mapping.resource}`,
    `options: { readonly bundle?: ${bundleIndex} } = {}`,
  ];
  writeFunction(writer, `export function ${names.fromFhir}`, parameters, names.fields, () => {
    const call = [fromFhirResource, names.mapping, 'resource', 'options'] as const;
    writeLines(writer, printCall(2, 'return ', call, ` as unknown as ${names.fields};`));
  });
}

/** Converts a JSON value from the spec to a literal; JSON null has no place in FHIR resources. */
function jsonLiteral(value: unknown, where: string): Literal {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((item) => jsonLiteral(item, where));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => [key, jsonLiteral(item, where)] as const,
    );
    return { entries };
  }
  throw new Error(
    `${where} of a FHIR mapping contains ${String(value)}, which is not valid in FHIR JSON`,
  );
}

function indent(line: string): string {
  return `  ${line}`;
}
