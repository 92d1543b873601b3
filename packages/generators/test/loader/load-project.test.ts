import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import { loadProject } from '../../src/load-project.js';
import { fullIssuesOf, issuesOf, toIssueAt, writeProject } from '../validate/temp-project.js';

const organizationModel = [
  'models:',
  '  Organization:',
  '    tenant: true',
  '    fields:',
  '      id: { type: uuid, primaryKey: true }',
  '',
].join('\n');

const deviceModel = [
  'models:',
  '  Device:',
  '    fields:',
  '      id: { type: uuid, primaryKey: true }',
  '',
].join('\n');

describe('project file', () => {
  test('missing hspec.yaml in a folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hspec-empty-'));
    const result = await loadProject(root);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(toIssueAt)).toEqual([{ code: 'spec.missing-file', at: 'hspec.yaml:1:1' }]);
    expect(result.issues[0]?.message).toContain(root);
  });

  test('missing project file path', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hspec-empty-'));
    const result = await loadProject(join(root, 'other.yaml'));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(toIssueAt)).toEqual([{ code: 'spec.missing-file', at: 'other.yaml:1:1' }]);
  });

  test('hspec.yml is found in a folder', async () => {
    const root = writeProject({ 'hspec.yml': 'version: 1\nspecs: [models.yaml]\n', 'models.yaml': deviceModel });
    const result = await loadProject(root);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.project.configFile).toBe('hspec.yml');
  });

  test('defaults for out and database', async () => {
    const root = writeProject({ 'hspec.yaml': 'version: 1\nspecs: specs\n', 'specs/a.yaml': deviceModel });
    const result = await loadProject(join(root, 'hspec.yaml'));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.project).toEqual({
      kind: 'project',
      root,
      configFile: 'hspec.yaml',
      specFiles: ['specs/a.yaml'],
      out: 'src/generated',
      database: 'sqlite',
    });
  });

  test.each<{
    readonly name: string;
    readonly project: string;
    readonly files: Readonly<Record<string, string>>;
    readonly want: readonly { readonly code: string; readonly at: string }[];
  }>([
    {
      name: 'missing spec folder',
      project: 'version: 1\nspecs: specs/\n',
      files: {},
      want: [{ code: 'spec.missing-file', at: 'hspec.yaml:2:8' }],
    },
    {
      name: 'missing listed spec file',
      project: 'version: 1\nspecs:\n  - a.yaml\n  - b.yaml\n',
      files: { 'a.yaml': deviceModel },
      want: [{ code: 'spec.missing-file', at: 'hspec.yaml:4:5' }],
    },
    {
      name: 'spec folder without yaml files',
      project: 'version: 1\nspecs: specs/\n',
      files: { 'specs/readme.txt': 'notes' },
      want: [{ code: 'spec.no-spec-files', at: 'hspec.yaml:2:8' }],
    },
    {
      name: 'unsupported version',
      project: 'version: 2\nspecs: specs/\n',
      files: { 'specs/a.yaml': deviceModel },
      want: [{ code: 'spec.invalid-value', at: 'hspec.yaml:1:10' }],
    },
    {
      name: 'missing specs',
      project: 'version: 1\nout: gen\n',
      files: {},
      want: [{ code: 'spec.missing-property', at: 'hspec.yaml:1:1' }],
    },
    {
      name: 'unknown key with a suggestion',
      project: 'version: 1\nspecs: specs/\ndatabse: postgres\n',
      files: { 'specs/a.yaml': deviceModel },
      want: [{ code: 'spec.unknown-property', at: 'hspec.yaml:3:1' }],
    },
    {
      name: 'unknown database',
      project: 'version: 1\nspecs: specs/\ndatabase: mysql\n',
      files: { 'specs/a.yaml': deviceModel },
      want: [{ code: 'spec.invalid-value', at: 'hspec.yaml:3:11' }],
    },
    {
      name: 'output folder that holds the specs',
      project: 'version: 1\nspecs: specs/\nout: .\n',
      files: { 'specs/a.yaml': deviceModel },
      want: [{ code: 'spec.invalid-value', at: 'hspec.yaml:3:6' }],
    },
    {
      name: 'specs that is neither text nor a list',
      project: 'version: 1\nspecs: { a: 1 }\n',
      files: {},
      want: [{ code: 'spec.invalid-type', at: 'hspec.yaml:2:8' }],
    },
    {
      name: 'broken yaml in hspec.yaml',
      project: 'version: 1\nspecs: [a\n',
      files: {},
      want: [{ code: 'spec.yaml-syntax', at: 'hspec.yaml:3:1' }],
    },
  ])('$name', async ({ project, files, want }) => {
    expect(await issuesOf({ 'hspec.yaml': project, ...files })).toEqual(want);
  });

  test('unknown project key suggests the right one', async () => {
    const issues = await fullIssuesOf({
      'hspec.yaml': 'version: 1\nspecs: specs/\ndatabse: postgres\n',
      'specs/a.yaml': deviceModel,
    });
    expect(issues[0]?.message).toBe('unknown property "databse" in hspec.yaml; did you mean "database"?');
  });

  test('list of spec files and folders', async () => {
    const root = writeProject({
      'hspec.yaml': 'version: 1\nspecs: [extra/device.yaml, core/, core/org.yaml]\n',
      'core/org.yaml': organizationModel,
      'extra/device.yaml': deviceModel,
    });
    const result = await loadProject(root);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.project.specFiles).toEqual(['core/org.yaml', 'extra/device.yaml']);
  });
});

describe('merging spec files', () => {
  test('files merge in name order', async () => {
    const root = writeProject({ 'specs/b.yaml': organizationModel, 'specs/a.yaml': deviceModel });
    const result = await loadProject(root);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.models.map((model) => model.name)).toEqual(['Device', 'Organization']);
    expect(result.ir.models[1]?.source).toEqual({ file: 'specs/b.yaml', line: 2, column: 3 });
  });

  test('duplicate model names both files', async () => {
    const issues = await fullIssuesOf({ 'specs/a.yaml': deviceModel, 'specs/b.yaml': `\n${deviceModel}` });

    expect(issues.map(toIssueAt)).toEqual([{ code: 'spec.duplicate-model', at: 'specs/b.yaml:3:3' }]);
    expect(issues[0]?.related).toEqual({ file: 'specs/a.yaml', line: 2, column: 3 });
    expect(issues[0]?.message).toBe('model "Device" is already defined in specs/a.yaml');
  });

  test.each([
    {
      name: 'same view in two files',
      a: 'views:\n  DeviceId: { model: Device, fields: [id] }\n',
      b: 'views:\n  DeviceId: { model: Device, fields: [id] }\n',
      want: [{ code: 'spec.duplicate-view', at: 'specs/c.yaml:2:3' }],
      related: 'specs/b.yaml:2:3',
    },
    {
      name: 'same role in two files',
      a: 'roles:\n  admin: {}\n',
      b: 'roles:\n  admin: {}\n',
      want: [{ code: 'spec.duplicate-role', at: 'specs/c.yaml:2:3' }],
      related: 'specs/b.yaml:2:3',
    },
    {
      name: 'audit in two files',
      a: 'audit:\n  retention: 6y\n',
      b: '\naudit:\n  retention: 7y\n',
      want: [{ code: 'spec.duplicate-section', at: 'specs/c.yaml:2:1' }],
      related: 'specs/b.yaml:1:1',
    },
    {
      name: 'security in two files',
      a: 'security:\n  transport: { requireTls: true }\n',
      b: 'security:\n  transport: { requireTls: true }\n',
      want: [{ code: 'spec.duplicate-section', at: 'specs/c.yaml:1:1' }],
      related: 'specs/b.yaml:1:1',
    },
    {
      name: 'fhir version in two files',
      a: 'fhir:\n  version: R4\n',
      b: 'fhir:\n  version: R4\n',
      want: [{ code: 'spec.duplicate-key', at: 'specs/c.yaml:2:3' }],
      related: 'specs/b.yaml:2:3',
    },
    {
      name: 'same fhir mapping in two files',
      a: 'fhir:\n  mappings:\n    Device: { resource: Device, fields: {} }\n',
      b: 'fhir:\n  mappings:\n    Device: { resource: Device, fields: {} }\n',
      want: [{ code: 'spec.duplicate-mapping', at: 'specs/c.yaml:3:5' }],
      related: 'specs/b.yaml:3:5',
    },
  ])('$name', async ({ a, b, want, related }) => {
    const issues = await fullIssuesOf({ 'specs/a.yaml': deviceModel, 'specs/b.yaml': a, 'specs/c.yaml': b });
    expect(issues.map(toIssueAt)).toEqual(want);
    const first = issues[0]?.related;
    expect(`${first?.file}:${first?.line}:${first?.column}`).toBe(related);
  });

  test('tests join in file order', async () => {
    const roles = 'roles:\n  admin:\n    grants:\n      - { model: Device, actions: [read], scope: all }\n';
    const root = writeProject({
      'specs/a.yaml': `${deviceModel}${roles}`,
      'specs/b.yaml': 'tests:\n  - { name: first, role: admin, action: read, model: Device, expect: allow }\n',
      'specs/c.yaml': 'tests:\n  - { name: second, role: admin, action: read, model: Device, expect: allow }\n',
    });
    const result = await loadProject(root);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.tests.map((test) => [test.name, test.source.file, test.source.line])).toEqual([
      ['first', 'specs/b.yaml', 2],
      ['second', 'specs/c.yaml', 2],
    ]);
  });

  test('test issues point into their file', async () => {
    const issues = await issuesOf({
      'specs/a.yaml': deviceModel,
      'specs/b.yaml': 'tests:\n  - { name: one, role: nobody, action: read, model: Device, expect: deny }\n',
      'specs/c.yaml': 'tests:\n  - { name: two, role: nobody, action: read, model: Device, expect: deny }\n',
    });
    expect(issues).toEqual([
      { code: 'spec.unknown-role', at: 'specs/b.yaml:2:24' },
      { code: 'spec.unknown-role', at: 'specs/c.yaml:2:24' },
    ]);
  });

  test('mappings merge across files', async () => {
    const root = writeProject({
      'specs/a.yaml': `${deviceModel}fhir:\n  version: R4\n  mappings:\n    Device:\n      resource: Device\n      fields: {}\n`,
      'specs/b.yaml':
        organizationModel +
        'fhir:\n  mappings:\n    Organization:\n      resource: Organization\n      fields: {}\n',
    });
    const result = await loadProject(root);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.fhir?.mappings.map((mapping) => [mapping.model, mapping.source.file])).toEqual([
      ['Device', 'specs/a.yaml'],
      ['Organization', 'specs/b.yaml'],
    ]);
  });

  test('x- keys only hold anchors', async () => {
    const text = [
      deviceModel,
      'x-read-all: &readAll { actions: [read], scope: all }',
      'roles:',
      '  admin:',
      '    grants:',
      '      - { <<: *readAll, model: Device }',
      '',
    ].join('\n');
    const root = writeProject({ 'specs/a.yaml': text });
    const result = await loadProject(root);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ir.roles[0]?.grants[0]?.actions).toEqual(['read']);
    expect(result.ir.roles[0]?.grants[0]?.scope).toBe('all');
  });

  test('an empty spec file contributes nothing', async () => {
    const root = writeProject({ 'specs/a.yaml': deviceModel, 'specs/b.yaml': '# nothing yet\n' });
    const result = await loadProject(root);
    expect(result.ok).toBe(true);
  });
});

describe('unreadable spec files', () => {
  test('parse failure skips cross-file checks', async () => {
    const issues = await issuesOf({
      'specs/a.yaml': 'models:\n  Device: [\n',
      'specs/b.yaml': 'roles:\n  admin:\n    grants:\n      - { model: Device, actions: [read], scope: all }\n',
    });
    expect(issues.map((issue) => issue.code)).toEqual(['spec.yaml-syntax']);
  });

  test('other files still get schema checks', async () => {
    const issues = await issuesOf({
      'specs/a.yaml': 'models:\n  Device: [\n',
      'specs/b.yaml': 'roles:\n  admin:\n    grant: []\n',
    });
    expect(issues).toEqual([
      { code: 'spec.yaml-syntax', at: 'specs/a.yaml:3:1' },
      { code: 'spec.unknown-property', at: 'specs/b.yaml:3:5' },
    ]);
  });
});
