import type { ModelIR, SpecIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import { docComment } from '../doc-comment.js';
import type { GeneratedFile } from '../generated-file.js';
import { ImportList } from '../import-list.js';
import { lowerCamelCase } from '../model-names.js';
import { maxLineWidth, printSignature, propertyKey, quoteString } from '../typescript-syntax.js';
import { callCode, flatCode, printCode } from '../repository/code-layout.js';
import { exportLink } from '../repository/repository-features.js';
import { repositoriesFolder, repositoryNames } from '../repository/repository-names.js';
import { exportBundleSource } from './export-bundle-source.js';
import { fhirNames } from './fhir-names.js';

/** Path of the export module in the output folder. */
export const exportFilePath = 'fhir/export.ts';

/** Names that the export module declares. */
const declaredNames = [
  'ExportRepositories',
  'ExportPatientOptions',
  'exportPatient',
  'ExportBundle',
  'SearchMode',
  'uuidPattern',
  'pointReferencesAtEntries',
];

/** One model that a patient export reads, and the names its part of the module uses. */
interface ExportedModel {
  readonly model: ModelIR;
  readonly link: 'patient' | 'organization';
  /** Property of the model's repository in ExportRepositories, such as `labResults`. */
  readonly property: string;
  readonly mapping: string;
  /** Import specifier of the model's FHIR mapper module, from the export module. */
  readonly specifier: string;
}

/**
 * Generates `fhir/export.ts`: `exportPatient`, which builds a FHIR R4 Bundle of one patient's
 * records through the repositories, so that every record is authorized with the `export` action,
 * limited to the fields the role may export, and audited. The module imports the SQLite
 * repositories and the mapping modules of `fhir/`, so a spec without repositories or without a
 * mapping of its subject model gets none.
 */
export function generateExportFiles(ir: SpecIR): GeneratedFile[] {
  const subject = ir.models.find((model) => model.subject);
  if (ir.project.database !== 'sqlite' || subject === undefined) {
    return [];
  }
  if (exportLink(subject, ir) !== 'patient') {
    return [];
  }

  const exported = exportedModels(ir, subject);
  const imports = new ImportList(declaredNames);
  const body = [
    ...printRepositories(imports, exported),
    '',
    ...docComment('Options of exportPatient.', 0),
    'export interface ExportPatientOptions {',
    ...docComment(
      'The Bundle type: `collection` (the default) or `searchset`, whose entries say whether ' +
        'they matched the patient or were included with the matches.',
      2,
    ).map((line) => `  ${line}`),
    "  readonly type?: 'collection' | 'searchset';",
    '}',
    '',
    ...printExportPatient(imports, exported),
    '',
    exportBundleSource(imports).trimEnd(),
  ];

  const specFiles = [
    ...ir.models.map((model) => model.source.file),
    ...ir.roles.map((role) => role.source.file),
    ...(ir.audit === undefined ? [] : [ir.audit.source.file]),
    ...(ir.fhir === undefined ? [] : [ir.fhir.source.file]),
  ];
  const head = [...generatedBanner(specFiles, '//'), '', ...imports.print()];
  return [{ path: exportFilePath, contents: `${head.join('\n')}\n\n${body.join('\n')}\n` }];
}

/** Lists the models of an export: the subject first, then the others in spec order. */
function exportedModels(ir: SpecIR, subject: ModelIR): ExportedModel[] {
  const models = [subject, ...ir.models.filter((model) => model !== subject)];
  const exported: ExportedModel[] = [];
  const properties = new Map<string, string>();
  for (const model of models) {
    const link = exportLink(model, ir);
    if (link === undefined) {
      continue;
    }
    const property = pluralCamelCase(model.name);
    const owner = properties.get(property);
    if (owner !== undefined) {
      throw new Error(
        `cannot generate the export module: models ${owner} and ${model.name} would both be ` +
          `ExportRepositories.${property}; rename a model`,
      );
    }
    properties.set(property, model.name);
    const names = fhirNames(model);
    exported.push({ model, link, property, mapping: names.mapping, specifier: names.specifier });
  }
  return exported;
}

function printRepositories(imports: ImportList, exported: readonly ExportedModel[]): string[] {
  const lines = [
    ...docComment(
      'The repositories that exportPatient reads: one for each FHIR-mapped model that a ' +
        "patient's records reach.",
      0,
    ),
    'export interface ExportRepositories {',
  ];
  for (const { model, property } of exported) {
    const repository = repositoryNames(model).repository;
    const type = imports.type(`../${repositoriesFolder}/index.js`, repository);
    lines.push(`  readonly ${propertyKey(property)}: ${type};`);
  }
  lines.push('}');
  return lines;
}

function printExportPatient(imports: ImportList, exported: readonly ExportedModel[]): string[] {
  const [subject, ...others] = exported;
  if (subject === undefined) {
    return [];
  }
  const resources = exported.map(({ model }) => model.name).join(', ');
  const lines = [
    ...docComment(
      "Builds a FHIR R4 Bundle of one patient's records for a request with the `export` " +
        'action, which `read` never implies: the records of ' +
        `${resources} that belong to the patient, or to the patient's organization, and are ` +
        'in the scope of an export grant. Each resource leaves out the fields that the role ' +
        'may not export, or marks a field that R4 requires as masked. Each model is audited ' +
        'as one export, a denied one too. A model that the role may not export is left out of ' +
        'the Bundle, and a patient that it may not export throws AccessDeniedError. An export ' +
        'grant must include the primary key, which is the resource id: without it ' +
        'toFhirResource throws FhirMappingError.',
      0,
    ),
    ...printSignature(
      'export function exportPatient',
      [
        'repositories: ExportRepositories',
        `request: ${imports.type('@hspec/runtime', 'AccessRequest')}`,
        'patientId: string',
        'options: ExportPatientOptions = {}',
      ],
      `${imports.type('@hspec/runtime', 'fhir4')}.Bundle`,
      0,
    ),
  ];
  lines[lines.length - 1] += ' {';

  const subjectMapping = imports.value(subject.specifier, subject.mapping);
  const body = [
    "const bundle = new ExportBundle(options.type ?? 'collection');",
    ...printCode(
      'const subject = ',
      callCode(`repositories.${subject.property}.exportForPatient`, ['request', 'patientId']),
      ';',
      2,
    ),
    `bundle.add(${subjectMapping}, 'match', subject);`,
  ];

  const byOrganization = others.filter((other) => other.link === 'organization');
  if (byOrganization.length > 0) {
    body.push('', 'const organizationId = subject[0]?.links.organizationId;');
    body.push('if (organizationId !== undefined && organizationId !== null) {');
    for (const other of byOrganization) {
      const add = addUnlessDenied(imports, other, 'include', 'exportForOrganization', 4);
      body.push(...add.map((line) => `  ${line}`));
    }
    body.push('}');
  }
  const byPatient = others.filter((other) => other.link === 'patient');
  if (byPatient.length > 0) {
    body.push('');
    for (const other of byPatient) {
      body.push(...addUnlessDenied(imports, other, 'match', 'exportForPatient', 2));
    }
  }
  body.push('return bundle.toBundle();');

  lines.push(...body.map((line) => (line === '' ? '' : `  ${line}`)), '}');
  return lines;
}

/**
 * Prints `bundle.addUnlessDenied(mapping, 'mode', () => repositories.x.method(request, id));`,
 * broken as Prettier breaks a call whose last argument is an arrow function.
 */
function addUnlessDenied(
  imports: ImportList,
  exported: ExportedModel,
  mode: 'match' | 'include',
  method: 'exportForPatient' | 'exportForOrganization',
  indentWidth: number,
): string[] {
  const mapping = imports.value(exported.specifier, exported.mapping);
  const id = method === 'exportForPatient' ? 'patientId' : 'organizationId';
  const read = callCode(`repositories.${exported.property}.${method}`, ['request', id]);
  const head = `bundle.addUnlessDenied(${mapping}, ${quoteString(mode)}, () =>`;

  const oneLine = `${head} ${flatCode(read)});`;
  if (indentWidth + oneLine.length <= maxLineWidth) {
    return [oneLine];
  }
  const arrowBody = printCode('', read, ',', indentWidth + 2);
  if (indentWidth + head.length <= maxLineWidth && arrowBody.length === 1) {
    return [head, `  ${arrowBody[0] ?? ''}`, ');'];
  }
  return [
    'bundle.addUnlessDenied(',
    `  ${mapping},`,
    `  ${quoteString(mode)},`,
    ...printCode('() => ', read, ',', indentWidth + 2).map((line) => `  ${line}`),
    ');',
  ];
}

/** Names the ExportRepositories property of a model: `LabResult` to `labResults`. */
function pluralCamelCase(name: string): string {
  const camel = lowerCamelCase(name);
  if (/[^aeiou]y$/.test(camel)) {
    return `${camel.slice(0, -1)}ies`;
  }
  return /(s|x|z|ch|sh)$/.test(camel) ? `${camel}es` : `${camel}s`;
}
