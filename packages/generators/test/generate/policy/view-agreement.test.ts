import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { decide, type AccessRequest, type RecordLinks, type Subject } from '@hspec/runtime';
import { describe, expect, it } from 'vitest';

import { birthYearFields } from '../../../src/generate/policy/birth-year-fields.js';
import { generatePolicyFile } from '../../../src/generate/policy/policy-file.js';
import { compilePolicy } from '../../../src/ir/compile-policy.js';
import type { SpecIR } from '../../../src/ir/spec-ir.js';
import { loadProject } from '../../../src/load-project.js';
import { parseViewTypes } from './support/parse-view-types.js';
import { telehealthPolicySpec } from './support/telehealth-policy-spec.js';

const exampleProject = fileURLToPath(
  new URL('../../../../../examples/telehealth', import.meta.url),
);
const referenceProject = '/work/shared/specs/telehealth';

const subjects: readonly Omit<Subject, 'role'>[] = [
  { userId: 'u-1', patientId: 'p-1', organizationId: 'o-1' },
  { userId: 'u-2', organizationId: 'o-1' },
  { userId: 'u-3', patientId: 'p-1' },
];

const records: readonly (RecordLinks | undefined)[] = [
  { patientId: 'p-1', organizationId: 'o-1' },
  { patientId: 'p-1', organizationId: 'o-2' },
  { patientId: 'p-2', organizationId: 'o-1' },
  { patientId: 'p-2', organizationId: 'o-2' },
  { patientId: null, organizationId: null },
  undefined,
];

async function loadIR(project: string): Promise<SpecIR> {
  const result = await loadProject(project);
  if (!result.ok) {
    const messages = result.issues.map((issue) => issue.message);
    throw new Error(`${project} does not load: ${messages.join('; ')}`);
  }
  return result.ir;
}

/**
 * Decides every read for every role, model, purpose, reason, subject and record of a spec. Lists
 * where a decision disagrees with the generated view type that it should fit: a field outside
 * the view, a required field of the view that the decision lacks, or an allowed read of a model
 * that the view map marks as unreadable for the role.
 */
function findDisagreements(ir: SpecIR): { readonly checked: number; readonly problems: string[] } {
  const policy = compilePolicy(ir);
  const views = parseViewTypes(generatePolicyFile(ir).contents);
  const birthYears = new Map(ir.models.map((model) => [model.name, birthYearFields(model, ir)]));
  const problems: string[] = [];
  let checked = 0;

  for (const role of Object.keys(policy.roles)) {
    for (const model of Object.keys(policy.models)) {
      for (const purposeOfUse of [...policy.purposes, undefined]) {
        for (const reason of [undefined, 'patient unconscious']) {
          for (const subject of subjects) {
            for (const record of records) {
              const request: AccessRequest = {
                subject: { ...subject, role },
                purposeOfUse,
                reason,
              };
              const decision = decide(policy, request, 'read', model, record);
              if (!decision.allowed) continue;
              checked += 1;

              const map = decision.emergency ? views.emergencyViews : views.roleViews;
              const typeName = map.get(role)?.get(model) ?? 'missing';
              const where = `${role} ${model} ${purposeOfUse ?? '-'} ${JSON.stringify(record)}`;
              const properties = views.interfaces.get(typeName);
              if (properties === undefined) {
                problems.push(`${where}: allowed, but the view map has ${typeName}`);
                continue;
              }
              const deidentifiedRole = policy.roles[role]?.deidentified === true;
              if (decision.deidentified !== deidentifiedRole) {
                problems.push(`${where}: decision de-identified is ${decision.deidentified}`);
              }
              const safeHarborView = properties.every((property) => property.deidentified);
              if (safeHarborView !== deidentifiedRole) {
                problems.push(`${where}: ${typeName} is not the kind of view the role reads`);
              }
              // A de-identified view adds ageOver89 beside the birth date it projects.
              const returned = new Set(decision.fields);
              const birthYear = decision.fields.some((field) => birthYears.get(model)?.has(field));
              if (deidentifiedRole && birthYear) returned.add('ageOver89');
              const keys = new Set(properties.map((property) => property.name));
              for (const field of returned) {
                if (!keys.has(field)) problems.push(`${where}: ${field} is not in ${typeName}`);
              }
              for (const property of properties) {
                if (!property.optional && !returned.has(property.name)) {
                  problems.push(`${where}: required ${typeName}.${property.name} not returned`);
                }
              }
            }
          }
        }
      }
    }
  }
  return { checked, problems };
}

describe('view types and runtime decisions', () => {
  it('agree on the de-identified views of the telehealth fixture', () => {
    const ir = telehealthPolicySpec();
    const researcher = ir.roles.filter((role) => role.name === 'researcher');
    const { checked, problems } = findDisagreements({ ...ir, roles: researcher });

    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('agree on the telehealth fixture', () => {
    const { checked, problems } = findDisagreements(telehealthPolicySpec());

    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('agree on the example spec', async () => {
    const { checked, problems } = findDisagreements(await loadIR(exampleProject));

    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it.skipIf(!existsSync(referenceProject))('agree on the reference telehealth spec', async () => {
    const { checked, problems } = findDisagreements(await loadIR(referenceProject));

    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('marks a field optional that some allowed read lacks', () => {
    const policy = compilePolicy(telehealthPolicySpec());
    const views = parseViewTypes(generatePolicyFile(telehealthPolicySpec()).contents);
    const request: AccessRequest = {
      subject: { userId: 'u-1', role: 'triage_nurse', patientId: 'p-1', organizationId: 'o-1' },
      purposeOfUse: 'HOPERAT',
    };
    const decision = decide(policy, request, 'read', 'Patient', {
      patientId: 'p-9',
      organizationId: 'o-9',
    });
    const mrn = views.interfaces
      .get('TriageNursePatientView')
      ?.find((property) => property.name === 'mrn');

    expect(decision.fields).toEqual(['id', 'givenName', 'sex']);
    expect(mrn).toEqual({ name: 'mrn', optional: true });
  });
});
