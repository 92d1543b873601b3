import type {
  Action,
  AuditEventIR,
  AuditIR,
  GrantIR,
  ModelIR,
  RoleIR,
  Scope,
  SpecIR,
  ViewIR,
} from '../../../../src/ir/spec-ir.js';
import { field, idField, model, spec } from '../../support/ir-builders.js';
import { telehealthSpec } from '../../support/telehealth-spec.js';

const rolesFile = 'specs/roles.yaml';
const auditFile = 'specs/audit.yaml';
const at = (file: string) => ({ file, line: 1, column: 1 });

interface GrantOptions {
  readonly fields?: readonly string[];
  readonly view?: ViewIR;
  readonly purposes?: readonly string[];
}

/** Builds a grant as the IR builder resolves it, with its fields in model order. */
function grant(
  model: ModelIR,
  actions: readonly Action[],
  scope: Scope,
  options: GrantOptions = {},
): GrantIR {
  const named = options.view?.fields ?? options.fields;
  return {
    kind: 'grant',
    model: model.name,
    actions,
    scope,
    fields: model.fields
      .map((field) => field.name)
      .filter((name) => named === undefined || named.includes(name)),
    allFields: named === undefined,
    view: options.view?.name,
    purposes: options.purposes,
    emergency: false,
    declaredBy: '',
    source: at(rolesFile),
  };
}

interface RoleOptions {
  readonly inherits?: readonly RoleIR[];
  readonly emergency?: readonly GrantIR[];
  readonly deidentified?: boolean;
}

/** Builds a role whose grants include those of the roles it inherits, own grants first. */
function role(name: string, grants: readonly GrantIR[], options: RoleOptions = {}): RoleIR {
  const inherits = options.inherits ?? [];
  return {
    kind: 'role',
    name,
    description: undefined,
    inherits: inherits.map((parent) => parent.name),
    deidentified: options.deidentified ?? false,
    grants: [
      ...grants.map((each) => ({ ...each, declaredBy: name })),
      ...inherits.flatMap((parent) => parent.grants),
    ],
    emergency: [
      ...(options.emergency ?? []).map((each) => ({ ...each, emergency: true, declaredBy: name })),
      ...inherits.flatMap((parent) => parent.emergency),
    ],
    source: at(rolesFile),
  };
}

function view(name: string, model: ModelIR, fields: readonly string[]): ViewIR {
  return {
    kind: 'view',
    name,
    model: model.name,
    description: undefined,
    fields,
    source: at(rolesFile),
  };
}

function modelNamed(spec: SpecIR, name: string): ModelIR {
  const found = spec.models.find((model) => model.name === name);
  if (found === undefined) {
    throw new Error(`the telehealth fixture has no model ${name}`);
  }
  return found;
}

function auditEvent(
  name: string,
  actions: readonly Action[],
  options: { readonly diff: boolean; readonly alert: boolean },
): AuditEventIR {
  return { kind: 'audit-event', name, actions, ...options, source: at(auditFile) };
}

/** The audit section of the telehealth example: reads, changes with a diff, alerting exports. */
export const telehealthAudit: AuditIR = {
  kind: 'audit',
  retention: { amount: 6, unit: 'y', days: 6 * 366 },
  purposeOfUse: 'required',
  events: [
    auditEvent('phi.read', ['read'], { diff: false, alert: false }),
    auditEvent('phi.change', ['create', 'update', 'delete'], { diff: true, alert: false }),
    auditEvent('phi.export', ['export'], { diff: false, alert: true }),
  ],
  source: at(auditFile),
};

/**
 * Builds the telehealth models with roles, views and the audit section, for repository tests:
 *
 * - patient reads their own chart (a few Patient fields, Encounters, some LabResult fields);
 * - nurse reads Patients of their organization in the PatientDetail view (no ssn, no
 *   insuranceMemberId), and reads and writes Encounters and ClinicalNotes there;
 * - physician inherits nurse, reads and writes whole Patients of the organization, prescribes
 *   for treatment only, and may break glass to read Patients, ClinicalNotes and LabResults of
 *   every organization;
 * - pharmacist reads Prescriptions of the organization, creates them without a dosage, and
 *   updates only status and refills;
 * - coordinator reads the Encounters of their own patient record and of their organization,
 *   two scopes of one action;
 * - analyst is de-identified and reads nothing identified.
 */
export function accessSpec(): SpecIR {
  const base = telehealthSpec('sqlite');
  const organization = modelNamed(base, 'Organization');
  const patient = modelNamed(base, 'Patient');
  const encounter = modelNamed(base, 'Encounter');
  const clinicalNote = modelNamed(base, 'ClinicalNote');
  const prescription = modelNamed(base, 'Prescription');
  const labResult = modelNamed(base, 'LabResult');

  const hidden = new Set(['ssn', 'insuranceMemberId']);
  const patientDetail = view(
    'PatientDetail',
    patient,
    patient.fields.map((field) => field.name).filter((name) => !hidden.has(name)),
  );
  const patientSummary = view('PatientSummary', patient, ['id', 'givenName', 'familyName']);

  const patientRole = role('patient', [
    grant(patient, ['read'], 'self', {
      fields: ['id', 'givenName', 'familyName', 'birthDate', 'phone', 'email'],
    }),
    grant(encounter, ['read'], 'self'),
    grant(labResult, ['read'], 'self', {
      fields: ['id', 'test', 'value', 'unit', 'interpretation', 'collectedAt'],
    }),
  ]);
  const nurse = role('nurse', [
    grant(organization, ['read'], 'organization'),
    grant(patient, ['read'], 'organization', { view: patientDetail }),
    grant(encounter, ['read', 'create', 'update'], 'organization'),
    grant(clinicalNote, ['read', 'create'], 'organization'),
    grant(labResult, ['read'], 'organization'),
  ]);
  const physician = role(
    'physician',
    [
      grant(patient, ['read', 'create', 'update', 'delete'], 'organization'),
      grant(clinicalNote, ['update', 'delete'], 'organization'),
      grant(prescription, ['read', 'create', 'update'], 'organization', {
        purposes: ['TREAT', 'ETREAT'],
      }),
    ],
    {
      inherits: [nurse],
      emergency: [
        grant(patient, ['read'], 'all', { view: patientDetail }),
        grant(clinicalNote, ['read'], 'all'),
        grant(labResult, ['read'], 'all'),
      ],
    },
  );
  const pharmacist = role('pharmacist', [
    grant(patient, ['read'], 'organization', { view: patientSummary }),
    grant(prescription, ['read'], 'organization'),
    grant(prescription, ['create'], 'organization', {
      fields: prescription.fields.map((field) => field.name).filter((name) => name !== 'dosage'),
    }),
    grant(prescription, ['update'], 'organization', { fields: ['status', 'refills'] }),
  ]);
  const coordinator = role('coordinator', [
    grant(encounter, ['read'], 'self'),
    grant(encounter, ['read'], 'organization', { purposes: ['HOPERAT'] }),
  ]);
  const analyst = role('analyst', [grant(patient, ['read'], 'all')], { deidentified: true });

  return {
    ...base,
    project: { ...base.project, specFiles: [...base.project.specFiles, auditFile, rolesFile] },
    views: [patientDetail, patientSummary],
    roles: [patientRole, nurse, physician, pharmacist, coordinator, analyst],
    audit: telehealthAudit,
  };
}

/**
 * Builds a spec whose model, field and column names are long enough to break every generated
 * line that can break. It has a tenant, a subject with an integer key, and a note linked only to
 * its patient, with lookups, and a role that reads and writes notes of its organization.
 */
export function longNamesSpec(): SpecIR {
  const organization = model(
    'HealthcareOrganizationAffiliate',
    [idField(), field('registeredLegalName', 'string')],
    { tenant: true },
  );
  const patient = model(
    'LongitudinalPatientRegistryEntry',
    [
      field('registryEntryNumber', 'integer', { primaryKey: true }),
      field('healthcareOrganizationAffiliateId', 'uuid', {
        references: 'HealthcareOrganizationAffiliate',
      }),
      field('preferredFamilyNameForCorrespondence', 'string', { phi: 'name', lookup: 'exact' }),
    ],
    { subject: true, organizationField: 'healthcareOrganizationAffiliateId' },
  );
  const note = model(
    'MedicationReconciliationClinicalNote',
    [
      idField(),
      field('longitudinalPatientRegistryEntryNumber', 'integer', {
        references: 'LongitudinalPatientRegistryEntry',
      }),
      field('reconciliationNarrativeFreeTextBody', 'text', { phi: 'free_text', optional: true }),
      field('externalPharmacyReconciliationAccession', 'string', {
        phi: 'account_number',
        lookup: 'exact',
        optional: true,
      }),
      field('reconciliationCompletedAtTimestamp', 'datetime', { optional: true }),
      field('reconciliationStructuredSummaryDocument', 'json', { optional: true }),
    ],
    { patientField: 'longitudinalPatientRegistryEntryNumber' },
  );
  const pharmacist = role('clinical_pharmacist_reconciliation_specialist', [
    grant(note, ['read', 'create', 'update', 'delete'], 'organization'),
    grant(patient, ['read'], 'self'),
  ]);
  return {
    ...spec([organization, patient, note]),
    roles: [pharmacist],
    audit: telehealthAudit,
  };
}
