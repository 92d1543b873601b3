import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { formatIssue } from '../../src/issue.js';
import { loadProject } from '../../src/load-project.js';

const clinic = fileURLToPath(new URL('../fixtures/specs/clinic/', import.meta.url));

// The telehealth reference spec sits beside the repository, not in it. The repository must pass
// its own tests without it, so these tests are skipped when that folder is absent.
const telehealth = fileURLToPath(new URL('../../../../../shared/specs/telehealth/', import.meta.url));
const hasTelehealth = existsSync(telehealth);

async function issueLines(path: string): Promise<string[]> {
  const result = await loadProject(path);
  return result.ok ? [] : result.issues.map(formatIssue);
}

describe('reference specs', () => {
  test('clinic fixture loads with no issues', async () => {
    expect(await issueLines(clinic)).toEqual([]);
  });

  test.skipIf(!hasTelehealth)('telehealth spec loads cleanly (skipped when absent)', async () => {
    expect(await issueLines(telehealth)).toEqual([]);
  });

  test.skipIf(!hasTelehealth)('telehealth IR has every section', async () => {
    const result = await loadProject(telehealth);
    if (!result.ok) throw new Error('the telehealth spec did not load');

    const { ir } = result;
    expect(ir.models.map((model) => model.name)).toEqual([
      'Organization',
      'Patient',
      'Encounter',
      'ClinicalNote',
      'Prescription',
      'LabResult',
    ]);
    expect(ir.roles.map((role) => role.name)).toEqual([
      'patient',
      'nurse',
      'physician',
      'pharmacist',
      'billing',
      'admin',
      'researcher',
    ]);
    expect(ir.audit?.retention).toEqual({ amount: 6, unit: 'y', days: 2196 });
    expect(ir.security?.sessions?.idleTimeout).toBe(900);
    expect(ir.fhir?.mappings).toHaveLength(5);
    expect(ir.tests).toHaveLength(14);
  });
});
