import { describe, expect, it } from 'vitest';

import {
  emergencyViewTypeName,
  roleTypeName,
  viewTypeName,
} from '../../../src/generate/policy/role-type-name.js';

describe('roleTypeName', () => {
  it.each([
    ['nurse', 'Nurse'],
    ['front_desk', 'FrontDesk'],
    ['frontDesk', 'FrontDesk'],
    ['ICU_nurse', 'ICUNurse'],
    ['nurse__night_', 'NurseNight'],
    ['_admin', 'Admin'],
    ['_', 'Role'],
    ['_2nd_shift', 'Role2ndShift'],
    ['a1', 'A1'],
  ])('turns %s into %s', (role, want) => {
    expect(roleTypeName(role)).toBe(want);
  });
});

describe('view type names', () => {
  it('join the role, the model and View', () => {
    expect(viewTypeName('front_desk', 'Patient')).toBe('FrontDeskPatientView');
  });

  it('mark emergency views', () => {
    expect(emergencyViewTypeName('physician', 'LabResult')).toBe('PhysicianLabResultEmergencyView');
  });
});
