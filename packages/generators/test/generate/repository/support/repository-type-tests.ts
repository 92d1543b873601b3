import type { GeneratedFile } from '../../../../src/generate/generate-files.js';

/**
 * A module compiled beside the generated code of the access spec: each `@ts-expect-error` line
 * must fail to compile and every other line must compile, so the view types of the repositories
 * are checked by tsc itself.
 */
export const repositoryTypeTests: GeneratedFile = {
  path: 'repository-type-tests.ts',
  contents: `import Database from 'better-sqlite3';

import type { AccessRequest, FieldCipher } from '@hspec/runtime';
import {
  PatientRepository,
  PrescriptionRepository,
  type Page,
  type PatientView,
  type RepositoryAuditLog,
  type RepositoryDatabase,
} from './repositories/index.js';
import type { Patient } from './index.js';

declare const cipher: FieldCipher;
declare const auditLog: RepositoryAuditLog;
declare const untyped: AccessRequest;

// A better-sqlite3 database is a repository database as it is.
export const database: RepositoryDatabase = new Database(':memory:');
const patients = new PatientRepository({ database, cipher, auditLog });
const prescriptions = new PrescriptionRepository({ database, cipher, auditLog });

const nurseView = patients.get(
  { subject: { userId: 'n', role: 'nurse', organizationId: 'o' }, purposeOfUse: 'TREAT' },
  'id',
);
export const mrn: string | undefined = nurseView?.mrn;
// The nurse's view has no ssn and no insurance member id.
// @ts-expect-error
export const nurseSsn = nurseView?.ssn;
// @ts-expect-error
export const nurseMember = nurseView?.insuranceMemberId;

// A pharmacist reads the summary view only.
const pharmacistView = patients.get({ subject: { userId: 'p', role: 'pharmacist' } }, 'id');
export const givenName: string | undefined = pharmacistView?.givenName;
// @ts-expect-error
export const pharmacistBirthDate = pharmacistView?.birthDate;

// A physician's break-glass view lacks the ssn, so the merged view has it as optional.
const physicianView = patients.get({ subject: { userId: 'd', role: 'physician' } }, 'id');
export const physicianSsn: string | null | undefined = physicianView?.ssn;
// @ts-expect-error
export const requiredSsn: string | null = physicianView?.ssn;
export const physicianMrn: string | undefined = physicianView?.mrn;

// A role known only as a string reads the union of every view.
const someView: PatientView | undefined = patients.get(untyped, 'id');
export const someId: string | undefined = someView?.id;

// A de-identified role reads the Safe Harbor projection: a birth year and the 90-or-older flag.
const analyst = { subject: { userId: 'a', role: 'analyst' } } as const;
const analystView = patients.get(analyst, 'id');
export const birthYear: string | null | undefined = analystView?.birthDate;
export const ageOver89: boolean | undefined = analystView?.ageOver89;
export const sex: 'female' | 'male' | 'other' | 'unknown' | undefined = analystView?.sex;
// Safe Harbor removes names, record numbers and phone numbers, so the view has none of them.
// @ts-expect-error
export const analystName = analystView?.familyName;
// @ts-expect-error
export const analystMrn = analystView?.mrn;
// @ts-expect-error
export const analystPhone = analystView?.phone;
// A birth year is not a birth date.
// @ts-expect-error
export const analystBirthDate: Patient['birthDate'] | undefined = analystView?.birthDate;
// An identified view cannot be assigned from a de-identified one.
// @ts-expect-error
export const identifiedView: PatientView<'nurse'> | undefined = analystView;

// A de-identified page continues by row offset, never by primary key.
const analystPage = patients.list(analyst, { limit: 10 });
export const offset: number | null = analystPage.next;
// @ts-expect-error
export const analystKey: string | null = analystPage.next;
patients.list(analyst, { limit: 10, after: 10 });
// @ts-expect-error
patients.list(analyst, { limit: 10, after: 'id' });

// Pages and lookups carry the role's view.
const page: Page<PatientView<'nurse'>, string> = patients.list(
  { subject: { userId: 'n', role: 'nurse' } },
  { limit: 10 },
);
export const next: string | null = page.next;
export const found = patients.findByMrn({ subject: { userId: 'n', role: 'nurse' } }, 'MRN-1');

// An update never takes the primary key, and takes only fields of the model.
patients.update(untyped, 'id', { phone: null, familyName: 'Byron' });
// @ts-expect-error
patients.update(untyped, 'id', { id: 'other' });
// @ts-expect-error
patients.update(untyped, 'id', { nickname: 'Ada' });
prescriptions.update(untyped, 'id', { status: 'completed', refills: 0 });
// @ts-expect-error
prescriptions.update(untyped, 'id', { status: 'paused' });
`,
};
