import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const fieldShapes = [
  "{ type: string, phi: name }",
  "{ type: string, phi: medical_record_number, lookup: exact }",
  "{ type: date, phi: date }",
  "{ type: datetime, phi: date, optional: true }",
  "{ type: string, phi: phone, optional: true }",
  "{ type: string, phi: email, optional: true, lookup: exact }",
  "{ type: string, phi: geographic, pattern: '^[0-9]{5}$' }",
  "{ type: text, phi: free_text, optional: true }",
  "{ type: decimal, sensitive: true, optional: true }",
  "{ type: code, system: 'http://loinc.org', sensitive: true }",
  "{ type: integer }",
  "{ type: boolean }",
  "{ type: enum, values: [draft, active, closed] }",
  "{ type: string, optional: true }",
  "{ type: json, optional: true }",
];

/**
 * Writes a synthetic spec project of `models` models with `fieldsPerModel` fields each (an id,
 * an organization link and a patient link among them) and two roles, and returns its root.
 */
export async function writeSyntheticProject(root, models, fieldsPerModel) {
  await mkdir(join(root, 'specs'), { recursive: true });
  await writeFile(
    join(root, 'hspec.yaml'),
    'version: 1\nspecs: specs/\nout: src/generated\ndatabase: sqlite\n',
  );

  const lines = ['models:', '  Org:', '    tenant: true', '    fields:'];
  lines.push('      id: { type: uuid, primaryKey: true }', '      name: { type: string }');
  lines.push('  Person:', '    subject: true', '    organization: orgId', '    fields:');
  lines.push('      id: { type: uuid, primaryKey: true }');
  lines.push('      orgId: { type: uuid, references: Org }');
  lines.push('      fullName: { type: string, phi: name }');

  for (let m = 0; m < models; m++) {
    lines.push(`  Model${m}:`, '    patient: personId', '    fields:');
    lines.push('      id: { type: uuid, primaryKey: true }');
    lines.push('      personId: { type: uuid, references: Person }');
    for (let f = 2; f < fieldsPerModel; f++) {
      lines.push(`      field${f}: ${fieldShapes[f % fieldShapes.length]}`);
    }
  }
  await writeFile(join(root, 'specs', 'models.yaml'), `${lines.join('\n')}\n`);

  const roles = ['roles:', '  staff:', '    grants:', '  reader:', '    grants:'];
  const staff = [];
  const reader = [];
  for (let m = 0; m < models; m++) {
    staff.push(`      - { model: Model${m}, actions: [read, create, update], scope: organization }`);
    reader.push(`      - { model: Model${m}, actions: [read], scope: self, fields: [id, field2] }`);
  }
  roles.splice(3, 0, ...staff);
  roles.push(...reader);
  await writeFile(join(root, 'specs', 'roles.yaml'), `${roles.join('\n')}\n`);

  return root;
}
