import type {
  Action,
  AuditIR,
  GrantIR,
  ModelIR,
  RoleIR,
  Scope,
  SpecIR,
} from '../../../../src/ir/spec-ir.js';
import { telehealthSpec } from '../../support/telehealth-spec.js';

/** The options of a grant that a fixture may set. */
export interface GrantOptions {
  readonly fields?: readonly string[];
  readonly purposes?: readonly string[];
}

/** The options of a role that a fixture may set. */
export interface RoleOptions {
  readonly description?: string;
  readonly deidentified?: boolean;
  readonly emergency?: readonly GrantIR[];
  readonly inherits?: readonly RoleIR[];
}

const rolesFile = 'specs/roles.yaml';

/**
 * Builds a grant as the IR builder resolves it: without `fields` it covers the whole model, and
 * named fields are put in model order.
 */
export function grant(
  model: ModelIR,
  actions: readonly Action[],
  scope: Scope,
  options: GrantOptions = {},
): GrantIR {
  const named = options.fields;
  const fields = model.fields
    .map((field) => field.name)
    .filter((name) => named === undefined || named.includes(name));
  return {
    kind: 'grant',
    model: model.name,
    actions: [...actions],
    scope,
    fields,
    allFields: named === undefined,
    view: undefined,
    purposes: options.purposes,
    emergency: false,
    declaredBy: '',
    source: { file: rolesFile, line: 1, column: 1 },
  };
}

/** Builds a role whose grants include those of the roles it inherits, as the IR builder does. */
export function role(name: string, grants: readonly GrantIR[], options: RoleOptions = {}): RoleIR {
  const inherits = options.inherits ?? [];
  const own = grants.map((each) => ({ ...each, declaredBy: name }));
  const emergency = (options.emergency ?? []).map((each) => ({
    ...each,
    emergency: true,
    declaredBy: name,
  }));
  return {
    kind: 'role',
    name,
    description: options.description,
    inherits: inherits.map((parent) => parent.name),
    deidentified: options.deidentified ?? false,
    grants: [...own, ...inherits.flatMap((parent) => parent.grants)],
    emergency: [...emergency, ...inherits.flatMap((parent) => parent.emergency)],
    source: { file: rolesFile, line: 1, column: 1 },
  };
}

/** An audit section that requires a purpose of use, as the telehealth spec has. */
export const requiredPurposeAudit: AuditIR = {
  kind: 'audit',
  retention: { amount: 6, unit: 'y', days: 6 * 366 },
  purposeOfUse: 'required',
  events: [],
  source: { file: 'specs/audit.yaml', line: 1, column: 1 },
};

function modelNamed(spec: SpecIR, name: string): ModelIR {
  const found = spec.models.find((model) => model.name === name);
  if (found === undefined) {
    throw new Error(`fixture model ${name} is missing`);
  }
  return found;
}

/**
 * Builds the telehealth models with the roles of the reference telehealth spec: a patient portal
 * user, nurse, physician (inherits nurse, with break-glass grants), pharmacist, billing, admin
 * and a de-identified researcher. A `triage_nurse` role, which the reference spec lacks, has
 * Patient grants that differ in purpose and scope, so that its view has optional fields.
 */
export function telehealthPolicySpec(): SpecIR {
  const base = telehealthSpec('sqlite');
  const patient = modelNamed(base, 'Patient');
  const encounter = modelNamed(base, 'Encounter');
  const note = modelNamed(base, 'ClinicalNote');
  const prescription = modelNamed(base, 'Prescription');
  const labResult = modelNamed(base, 'LabResult');
  const organization = modelNamed(base, 'Organization');

  const listItem = ['id', 'givenName', 'familyName', 'birthDate', 'lastVisitAt'];
  const detail = [
    'id',
    'organizationId',
    'mrn',
    'givenName',
    'familyName',
    'birthDate',
    'sex',
    'phone',
    'email',
    'addressLine',
    'city',
    'state',
    'postalCode',
    'lastVisitAt',
  ];
  const billingPatient = [
    'id',
    'mrn',
    'givenName',
    'familyName',
    'birthDate',
    'addressLine',
    'city',
    'state',
    'postalCode',
    'insuranceMemberId',
  ];

  const nurse = role(
    'nurse',
    [
      grant(patient, ['read'], 'organization', { fields: detail }),
      grant(encounter, ['read', 'create', 'update'], 'organization'),
      grant(note, ['read', 'create'], 'organization'),
      grant(labResult, ['read'], 'organization'),
      grant(prescription, ['read'], 'organization'),
    ],
    { description: 'Reads charts and writes notes, but cannot prescribe.' },
  );

  const roles = [
    role(
      'patient',
      [
        grant(patient, ['read', 'update'], 'self', {
          fields: [
            'id',
            'givenName',
            'familyName',
            'birthDate',
            'sex',
            'phone',
            'email',
            'addressLine',
            'city',
            'state',
            'postalCode',
          ],
        }),
        grant(encounter, ['read'], 'self'),
        grant(prescription, ['read'], 'self'),
        grant(labResult, ['read'], 'self', {
          fields: ['id', 'test', 'value', 'unit', 'interpretation', 'collectedAt'],
        }),
      ],
      { description: 'A patient using the portal; sees only their own chart.' },
    ),
    nurse,
    role(
      'physician',
      [
        grant(patient, ['read', 'create', 'update'], 'organization'),
        grant(prescription, ['read', 'create', 'update'], 'organization', {
          purposes: ['TREAT', 'ETREAT'],
        }),
        grant(labResult, ['read', 'create'], 'organization'),
      ],
      {
        inherits: [nurse],
        emergency: [
          grant(patient, ['read'], 'all', { fields: detail }),
          grant(labResult, ['read'], 'all'),
        ],
      },
    ),
    role('pharmacist', [
      grant(patient, ['read'], 'organization', { fields: listItem }),
      grant(prescription, ['read', 'update'], 'organization', {
        fields: [
          'id',
          'patientId',
          'medication',
          'dosage',
          'quantity',
          'refills',
          'status',
          'writtenAt',
        ],
      }),
    ]),
    role('billing', [
      grant(patient, ['read'], 'organization', { fields: billingPatient, purposes: ['HPAYMT'] }),
      grant(encounter, ['read'], 'organization', {
        fields: ['id', 'patientId', 'kind', 'start', 'end'],
        purposes: ['HPAYMT'],
      }),
    ]),
    role('admin', [
      grant(patient, ['read', 'create', 'update', 'export'], 'organization', {
        fields: detail,
        purposes: ['HOPERAT'],
      }),
      grant(organization, ['read', 'update'], 'organization'),
    ]),
    role('triage_nurse', [
      grant(patient, ['read'], 'organization', { fields: listItem }),
      grant(patient, ['read'], 'organization', {
        fields: ['id', 'mrn', 'phone'],
        purposes: ['TREAT', 'ETREAT'],
      }),
      grant(patient, ['read'], 'all', { fields: ['id', 'givenName', 'sex'] }),
      grant(patient, ['read'], 'self'),
    ]),
    role(
      'researcher',
      [
        grant(patient, ['read'], 'all'),
        grant(encounter, ['read'], 'all'),
        grant(labResult, ['read'], 'all'),
        grant(prescription, ['read'], 'all'),
      ],
      { deidentified: true, description: 'Studies outcomes on de-identified data only.' },
    ),
  ];

  return { ...base, roles, audit: requiredPurposeAudit };
}
