import type { SpecIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import { compareCodeUnits } from '../compare-code-units.js';
import { docComment } from '../doc-comment.js';
import { runtimeModule } from '../field-types.js';
import type { GeneratedFile } from '../generated-file.js';
import { ImportList } from '../import-list.js';
import { printLiteral } from '../literal-layout.js';
import { printSignature, quoteString } from '../typescript-syntax.js';
import { stepsLiteral } from '../fhir/runtime-steps.js';
import { deidFolder, deidNames } from './deid-names.js';
import { ruleLines } from './deid-file.js';
import { fhirDeidOverrides } from './fhir-deid-overrides.js';

const restrictedZip3Name = 'restrictedZip3';
const createSafeHarborName = 'createSafeHarbor';
const overridesName = 'fhirDeidOverrides';

/**
 * Generates `deid/index.ts`: it re-exports the module of each model and declares the spec's
 * restricted ZIP3 prefixes, the function that creates a SafeHarbor with them, and the rules of
 * the FHIR elements that the spec's mappings write.
 */
export function generateDeidIndexFile(
  ir: SpecIR,
  specFiles: readonly string[],
): GeneratedFile {
  const imports = new ImportList([restrictedZip3Name, createSafeHarborName, overridesName]);
  const body = [
    ...restrictedZip3Lines(ir),
    '',
    ...createSafeHarborLines(imports),
    '',
    ...overridesLines(ir, imports),
  ];

  const specifiers = ir.models.map((model) => deidNames(model).specifier).sort(compareCodeUnits);
  const lines = [
    ...generatedBanner(specFiles, '//'),
    '',
    ...imports.print(),
    '',
    ...specifiers.map((specifier) => `export * from '${specifier}';`),
    '',
    ...body,
  ];
  return { path: `${deidFolder}/index.ts`, contents: `${lines.join('\n')}\n` };
}

function restrictedZip3Lines(ir: SpecIR): string[] {
  const { census, source, prefixes } = ir.deidentification.restrictedZip3;
  const doc =
    'Three-digit ZIP prefixes that Safe Harbor writes as 000, because their areas held 20,000 ' +
    `people or fewer in the ${census} census. Source: ${source}.`;
  return [
    ...docComment(doc, 0),
    ...printLiteral(
      [...prefixes],
      0,
      `export const ${restrictedZip3Name}: readonly string[] = `,
      ';',
    ),
  ];
}

function createSafeHarborLines(imports: ImportList): string[] {
  const safeHarbor = imports.value(runtimeModule, 'SafeHarbor');
  const dateTime = imports.type(runtimeModule, 'DateTime');
  const pseudonymizer = imports.type(runtimeModule, 'Pseudonymizer');
  const doc =
    `Creates a SafeHarbor with ${restrictedZip3Name}. \`asOf\` is the reference date of the ` +
    'age-90 rule (default: now); pass one Pseudonymizer to several runs to keep their ' +
    'pseudonyms consistent.';
  const parameters = [
    `options: { readonly asOf?: ${dateTime}; readonly pseudonyms?: ${pseudonymizer} } = {}`,
  ];
  return [
    ...docComment(doc, 0),
    ...withBrace(
      printSignature(`export function ${createSafeHarborName}`, parameters, safeHarbor, 0),
    ),
    `  return new ${safeHarbor}({ ...options, ${restrictedZip3Name} });`,
    '}',
  ];
}

function overridesLines(ir: SpecIR, imports: ImportList): string[] {
  const type = imports.type(runtimeModule, 'FhirDeidOverride');
  const doc =
    'The Safe Harbor rule of each FHIR element that a mapped field writes, for ' +
    'FhirDeidentifier. Elements that no field maps get its rules by FHIR type.';
  const head = `export const ${overridesName}: readonly ${type}[] = `;

  const entries: string[] = [];
  for (const override of fhirDeidOverrides(ir)) {
    entries.push(
      '  {',
      `    resource: ${quoteString(override.resource)},`,
      ...printLiteral(stepsLiteral(override.steps), 4, 'steps: ', ',').map((line) => `    ${line}`),
      ...ruleLines(override.rule, 4, 'rule: ', ','),
      '  },',
    );
  }

  const declaration = entries.length === 0 ? [`${head}[];`] : [`${head}[`, ...entries, '];'];
  return [...docComment(doc, 0), ...declaration];
}

function withBrace(signature: readonly string[]): string[] {
  return signature.map((line, index) => (index === signature.length - 1 ? `${line} {` : line));
}
