import type { AuditAction } from './audit-entry.js';
import type { AuditRecord } from './audit-record.js';

/** A FHIR R4 Coding. */
export interface FhirCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

/** A FHIR R4 CodeableConcept. */
export interface FhirCodeableConcept {
  readonly coding?: readonly FhirCoding[];
  readonly text?: string;
}

/** A FHIR R4 Reference, by literal reference or by identifier. */
export interface FhirReference {
  readonly reference?: string;
  readonly identifier?: { readonly system?: string; readonly value: string };
  readonly display?: string;
}

/** `AuditEvent.agent`: who took part. */
export interface FhirAuditEventAgent {
  readonly type?: FhirCodeableConcept;
  readonly role?: readonly FhirCodeableConcept[];
  readonly who?: FhirReference;
  readonly requestor: boolean;
  readonly purposeOfUse?: readonly FhirCodeableConcept[];
}

/** `AuditEvent.entity`: what was used. */
export interface FhirAuditEventEntity {
  readonly what?: FhirReference;
  readonly type?: FhirCoding;
  readonly lifecycle?: FhirCoding;
  readonly name?: string;
  readonly detail?: readonly { readonly type: string; readonly valueString: string }[];
}

/** The FHIR R4 AuditEvent resource that `toFhirAuditEvent` produces. */
export interface FhirAuditEvent {
  readonly resourceType: 'AuditEvent';
  readonly id: string;
  readonly type: FhirCoding;
  readonly subtype?: readonly FhirCoding[];
  readonly action: 'C' | 'R' | 'U' | 'D' | 'E';
  readonly recorded: string;
  readonly outcome: '0' | '4' | '8';
  readonly outcomeDesc?: string;
  readonly agent: readonly FhirAuditEventAgent[];
  readonly source: {
    readonly site?: string;
    readonly observer: FhirReference;
  };
  readonly entity?: readonly FhirAuditEventEntity[];
}

/** Options of `toFhirAuditEvent`. */
export interface FhirAuditEventOptions {
  /** Name of the system that recorded the events, for `source.observer.display`. */
  readonly observer: string;
  /** The site, such as a data center, for `source.site`. */
  readonly site?: string;
  /** URI of the namespace of user ids, for `agent.who.identifier.system`. */
  readonly userIdSystem?: string;
}

const dicom = 'http://dicom.nema.org/resources/ontology/DCM';
const auditEventType = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const restfulInteraction = 'http://hl7.org/fhir/restful-interaction';
const actReason = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const auditEntityType = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const auditLifecycle = 'http://terminology.hl7.org/CodeSystem/dicom-audit-lifecycle';
const securityRoleType = 'http://terminology.hl7.org/CodeSystem/extra-security-role-type';

const restfulOperation: FhirCoding = {
  system: auditEventType,
  code: 'rest',
  display: 'Restful Operation',
};
const userAuthentication: FhirCoding = {
  system: dicom,
  code: '110114',
  display: 'User Authentication',
};
const login: FhirCoding = { system: dicom, code: '110122', display: 'Login' };
const logout: FhirCoding = { system: dicom, code: '110123', display: 'Logout' };
const emergencyOverride: FhirCoding = {
  system: dicom,
  code: '110127',
  display: 'Emergency Override Started',
};
const systemObject: FhirCoding = { system: auditEntityType, code: '2', display: 'System Object' };
const humanUser: FhirCoding = { system: securityRoleType, code: 'humanuser', display: 'human user' };

interface ActionMapping {
  readonly type: FhirCoding;
  readonly subtype: FhirCoding | undefined;
  readonly action: FhirAuditEvent['action'];
  readonly lifecycle: FhirCoding | undefined;
}

// Data actions are RESTful interactions (an export is the `$export` operation); session events
// are DICOM user authentication; key rotation and pruning are DICOM security events.
const actionMappings: Readonly<Record<AuditAction, ActionMapping>> = {
  read: dataAction('read', 'R', '6', 'Access / Use'),
  create: dataAction('create', 'C', '1', 'Origination / Creation'),
  update: dataAction('update', 'U', '3', 'Amendment'),
  delete: dataAction('delete', 'D', '14', 'Logical deletion'),
  export: dataAction('operation', 'E', '10', 'Export'),
  login: { type: userAuthentication, subtype: login, action: 'E', lifecycle: undefined },
  'login-failed': { type: userAuthentication, subtype: login, action: 'E', lifecycle: undefined },
  logout: { type: userAuthentication, subtype: logout, action: 'E', lifecycle: undefined },
  'auto-logoff': { type: userAuthentication, subtype: logout, action: 'E', lifecycle: undefined },
  'key-rotation': {
    type: { system: dicom, code: '110113', display: 'Security Alert' },
    subtype: { system: dicom, code: '110129', display: 'Security Configuration' },
    action: 'E',
    lifecycle: undefined,
  },
  'audit-prune': {
    type: { system: dicom, code: '110101', display: 'Audit Log Used' },
    subtype: undefined,
    action: 'D',
    lifecycle: undefined,
  },
};

const outcomes: Readonly<Record<AuditRecord['outcome'], FhirAuditEvent['outcome']>> = {
  success: '0',
  denied: '4',
  failure: '8',
};

/** FHIR `code` values: no leading, trailing or doubled white space. */
const fhirCodePattern = /^[^\s]+(\s[^\s]+)*$/;

/** White space that a FHIR `string` cannot contain: any but space, tab, CR and LF. */
const nonFhirWhiteSpace = /[^\S \t\r\n]/g;

/**
 * Maps an audit record to a FHIR R4 AuditEvent for exchange with other systems. `agent` names
 * the user, the role and the purpose of use as an HL7 v3 ActReason code, with a break-glass
 * reason as its text. `entity` refers to each record as `<Model>/<id>`, with the field names as
 * `detail`. `recorded`, `outcome` and `source.observer` complete it. Like the record, it never
 * contains a field value.
 *
 * @example
 * ```ts
 * const event = toFhirAuditEvent(record, { observer: 'telehealth-api' });
 * event.type.code; // 'rest'
 * ```
 */
export function toFhirAuditEvent(
  record: AuditRecord,
  options: FhirAuditEventOptions,
): FhirAuditEvent {
  const mapping = actionMappings[record.action];
  const event: Writable<FhirAuditEvent> = {
    resourceType: 'AuditEvent',
    id: record.id,
    type: mapping.type,
    action: mapping.action,
    recorded: record.recordedAt,
    outcome: outcomes[record.outcome],
    agent: [buildAgent(record, options)],
    source: { observer: { display: fhirString(options.observer) } },
  };

  const subtype = mapping.subtype === undefined ? [] : [mapping.subtype];
  if (record.emergency) {
    subtype.push(emergencyOverride);
  }
  if (subtype.length > 0) {
    event.subtype = subtype;
  }
  if (present(record.detail)) {
    event.outcomeDesc = fhirString(record.detail);
  }
  if (present(options.site)) {
    event.source = { site: fhirString(options.site), observer: event.source.observer };
  }
  const entity = buildEntities(record, mapping.lifecycle);
  if (entity.length > 0) {
    event.entity = entity;
  }
  return event;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function dataAction(
  interaction: string,
  action: FhirAuditEvent['action'],
  lifecycleCode: string,
  lifecycleDisplay: string,
): ActionMapping {
  return {
    type: restfulOperation,
    subtype: { system: restfulInteraction, code: interaction, display: interaction },
    action,
    lifecycle: { system: auditLifecycle, code: lifecycleCode, display: lifecycleDisplay },
  };
}

function buildAgent(record: AuditRecord, options: FhirAuditEventOptions): FhirAuditEventAgent {
  const agent: Writable<FhirAuditEventAgent> = { requestor: true };
  if (present(record.userId)) {
    agent.type = { coding: [humanUser] };
    agent.who = {
      identifier: present(options.userIdSystem)
        ? { system: options.userIdSystem, value: fhirString(record.userId) }
        : { value: fhirString(record.userId) },
    };
  }
  if (present(record.role)) {
    agent.role = [{ text: fhirString(record.role) }];
  }
  const purposeOfUse = buildPurposeOfUse(record);
  if (purposeOfUse !== undefined) {
    agent.purposeOfUse = [purposeOfUse];
  }
  return agent;
}

/**
 * Builds the purpose of use: the code as an ActReason coding, and the break-glass reason as
 * the text. A purpose that is not a valid FHIR code becomes the text when there is no reason.
 */
function buildPurposeOfUse(record: AuditRecord): FhirCodeableConcept | undefined {
  const purpose: Writable<FhirCodeableConcept> = {};
  const code = record.purposeOfUse;
  const isCode = present(code) && fhirCodePattern.test(code);
  if (isCode) {
    purpose.coding = [{ system: actReason, code }];
  }

  if (present(record.reason)) {
    purpose.text = fhirString(record.reason);
  } else if (present(code) && !isCode) {
    purpose.text = fhirString(code);
  }
  return purpose.coding === undefined && purpose.text === undefined ? undefined : purpose;
}

function buildEntities(
  record: AuditRecord,
  lifecycle: FhirCoding | undefined,
): FhirAuditEventEntity[] {
  const detail = [
    ...record.fields.map((name) => ({ type: 'field', valueString: name })),
    ...(record.changedFields ?? []).map((name) => ({ type: 'changed-field', valueString: name })),
  ];
  const shared: Writable<FhirAuditEventEntity> = { type: systemObject };
  if (lifecycle !== undefined) {
    shared.lifecycle = lifecycle;
  }
  if (detail.length > 0) {
    shared.detail = detail;
  }

  const ids = record.recordIds.filter(present);
  if (record.action === 'audit-prune') {
    // The ids of a pruning are checkpoint sequence numbers, not records of a model.
    const name = 'audit checkpoint';
    return ids.map((id) => ({ what: { identifier: { value: id } }, ...shared, name }));
  }
  if (ids.length > 0) {
    return ids.map((id) => ({ what: referenceTo(record.model, id), ...shared }));
  }
  return present(record.model) ? [{ ...shared, name: record.model }] : [];
}

/** Refers to a record as `<Model>/<id>`, or by its bare id when the entry names no model. */
function referenceTo(model: string | null, id: string): FhirReference {
  const value = fhirString(id);
  return present(model) ? { reference: `${model}/${value}` } : { identifier: { value } };
}

/** Replaces the white space that a FHIR `string` cannot hold, such as U+00A0, with spaces. */
function fhirString(value: string): string {
  return value.replace(nonFhirWhiteSpace, ' ');
}

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}
