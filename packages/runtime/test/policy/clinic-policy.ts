import type { AccessRequest, CompiledGrant, CompiledPolicy, RecordLinks } from '../../src/index.js';

const patientFields = ['id', 'organizationId', 'mrn', 'givenName', 'familyName', 'ssn', 'phone'];
const noteFields = ['id', 'patientId', 'writtenAt', 'body'];

function grant(
  scope: CompiledGrant['scope'],
  fields: readonly string[],
  options: { purposes?: readonly string[]; emergency?: boolean } = {},
): CompiledGrant {
  return {
    scope,
    purposes: options.purposes ?? null,
    fields,
    emergency: options.emergency ?? false,
  };
}

const listFields = ['id', 'givenName', 'familyName'];

/**
 * A small hand-written policy with one role per case that the decision function distinguishes:
 * scopes, purpose limits, emergency grants, inherited grants and a de-identified role.
 */
export const clinicPolicy: CompiledPolicy = {
  purposeOfUse: 'required',
  purposes: ['BTG', 'ETREAT', 'HOPERAT', 'HPAYMT', 'HRESCH', 'PATRQT', 'TREAT'],
  roles: {
    patient: {
      deidentified: false,
      grants: {
        Patient: {
          read: [grant('self', ['id', 'givenName', 'familyName', 'phone'])],
          update: [grant('self', ['id', 'phone'])],
        },
        Note: { read: [grant('self', noteFields)] },
      },
    },
    nurse: {
      deidentified: false,
      grants: {
        Patient: { read: [grant('organization', listFields)] },
        Note: {
          read: [grant('organization', noteFields)],
          create: [grant('organization', noteFields)],
        },
      },
    },
    physician: {
      deidentified: false,
      grants: {
        Patient: {
          read: [
            grant('organization', listFields),
            grant('organization', ['id', 'mrn', 'ssn'], { purposes: ['ETREAT', 'TREAT'] }),
            grant('all', ['id', 'mrn', 'givenName', 'familyName'], { emergency: true }),
          ],
          update: [grant('organization', patientFields)],
        },
        Note: {
          read: [grant('all', noteFields, { emergency: true })],
        },
      },
    },
    billing: {
      deidentified: false,
      grants: {
        Patient: {
          read: [grant('organization', ['id', 'mrn'], { purposes: ['HPAYMT'] })],
          export: [grant('organization', ['id', 'mrn'], { purposes: ['HPAYMT'] })],
        },
      },
    },
    researcher: {
      deidentified: true,
      grants: {
        Patient: {
          read: [grant('all', patientFields, { purposes: ['HRESCH'] })],
          // The spec validator accepts an export grant on a de-identified role, and the decision
          // still denies it: exports carry identified data.
          export: [grant('all', patientFields)],
        },
        // A self grant, which the validator rejects for a de-identified role, covers nothing.
        Note: { read: [grant('self', noteFields)] },
      },
    },
  },
  models: {
    Patient: { primaryKey: 'id', fields: patientFields },
    Note: { primaryKey: 'id', fields: noteFields },
    Clinic: { primaryKey: 'id', fields: ['id', 'name'] },
  },
};

/** Builds a request of a user of patient p-1 in organization o-1. */
export function requestAs(
  role: string,
  purposeOfUse: string | undefined,
  reason?: string,
): AccessRequest {
  return {
    subject: { userId: 'u-1', role, patientId: 'p-1', organizationId: 'o-1' },
    purposeOfUse,
    reason,
  };
}

/** The subject's own record, in its organization. */
export const ownRecord: RecordLinks = { patientId: 'p-1', organizationId: 'o-1' };
/** Another patient's record in the subject's organization. */
export const colleagueRecord: RecordLinks = { patientId: 'p-2', organizationId: 'o-1' };
/** Another patient's record in another organization. */
export const foreignRecord: RecordLinks = { patientId: 'p-3', organizationId: 'o-2' };
