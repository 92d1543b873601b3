import type { FhirPathCondition, PhiKind } from '@hspec/runtime';

import type { SourceLocation } from '../issue.js';

/**
 * The intermediate representation of a validated spec. Generators read it and never read YAML;
 * nothing mutates it. Every node carries a literal `kind` and the source location it came from,
 * and every list is in a deterministic order (models, fields, roles and views in spec order).
 */
export interface SpecIR {
  readonly kind: 'spec';
  readonly version: 1;
  readonly project: ProjectIR;
  readonly models: readonly ModelIR[];
  readonly views: readonly ViewIR[];
  readonly roles: readonly RoleIR[];
  readonly audit: AuditIR | undefined;
  readonly security: SecurityIR | undefined;
  readonly fhir: FhirIR | undefined;
  readonly deidentification: DeidentificationIR;
  readonly tests: readonly PolicyTestIR[];
}

/** The project file (`hspec.yaml`): where the specs are and where output goes. */
export interface ProjectIR {
  readonly kind: 'project';
  /** Absolute path of the folder that contains hspec.yaml. */
  readonly root: string;
  /** Path of hspec.yaml relative to `root`. */
  readonly configFile: string;
  /** Spec files relative to `root`, sorted, with forward slashes. */
  readonly specFiles: readonly string[];
  /** Output folder relative to `root`, with forward slashes. */
  readonly out: string;
  readonly database: 'sqlite' | 'postgres';
}

/** The Safe Harbor identifier kinds and `free_text`: one definition, shared with the runtime. */
export type { IdentifierKind, PhiKind } from '@hspec/runtime';

export type FieldType =
  | 'string'
  | 'text'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'uuid'
  | 'enum'
  | 'code'
  | 'json';

export interface ModelIR {
  readonly kind: 'model';
  readonly name: string;
  /** SQL table name: `table:` or the model name in snake_case. */
  readonly table: string;
  readonly description: string | undefined;
  /** A record of this model is an organization. */
  readonly tenant: boolean;
  /** A record of this model is a patient. */
  readonly subject: boolean;
  /** Name of the field that links a record to its patient (`patient:`). */
  readonly patientField: string | undefined;
  /** Name of the field that links a record to its organization (`organization:`). */
  readonly organizationField: string | undefined;
  /** Name of the primary key field. Validation guarantees exactly one. */
  readonly primaryKey: string;
  readonly fields: readonly FieldIR[];
  readonly source: SourceLocation;
}

export interface FieldIR {
  readonly kind: 'field';
  readonly name: string;
  /** SQL column name: the field name in snake_case. */
  readonly column: string;
  readonly type: FieldType;
  readonly optional: boolean;
  readonly primaryKey: boolean;
  readonly description: string | undefined;
  /** The Safe Harbor kind when the field is PHI. */
  readonly phi: PhiKind | undefined;
  /** Clinical data that is not an identifier but is still encrypted. */
  readonly sensitive: boolean;
  /** True for `phi` or `sensitive` fields: stored as AES-256-GCM ciphertext. */
  readonly encrypted: boolean;
  /** `exact` adds a keyed blind index column. */
  readonly lookup: 'exact' | undefined;
  /** SQL column of the blind index when `lookup` is set. */
  readonly lookupColumn: string | undefined;
  /** Regular expression (ECMAScript syntax) checked on write, before encryption. */
  readonly pattern: string | undefined;
  /** Model whose primary key this field references. */
  readonly references: string | undefined;
  /** Code system URI of a `code` field. */
  readonly system: string | undefined;
  /** Allowed values of an `enum` field, in spec order. */
  readonly values: readonly string[] | undefined;
  readonly source: SourceLocation;
}

export interface ViewIR {
  readonly kind: 'view';
  readonly name: string;
  readonly model: string;
  readonly description: string | undefined;
  readonly fields: readonly string[];
  readonly source: SourceLocation;
}

export type Action = 'read' | 'create' | 'update' | 'delete' | 'export';
export type Scope = 'self' | 'organization' | 'all';

export interface GrantIR {
  readonly kind: 'grant';
  readonly model: string;
  readonly actions: readonly Action[];
  readonly scope: Scope;
  /** The fields the grant covers, resolved from `fields`, `view` or the whole model, in model order. */
  readonly fields: readonly string[];
  /** True when the grant named neither `fields` nor `view`. */
  readonly allFields: boolean;
  readonly view: string | undefined;
  /** Purpose-of-use codes that the grant is limited to; undefined means any purpose. */
  readonly purposes: readonly string[] | undefined;
  readonly emergency: boolean;
  /** The role whose spec declared the grant (differs from the owner for inherited grants). */
  readonly declaredBy: string;
  readonly source: SourceLocation;
}

export interface RoleIR {
  readonly kind: 'role';
  readonly name: string;
  readonly description: string | undefined;
  /** Roles named in `inherits`, in spec order. */
  readonly inherits: readonly string[];
  readonly deidentified: boolean;
  /** Own and inherited normal grants, own first, then each inherited role's in `inherits` order. */
  readonly grants: readonly GrantIR[];
  /** Own and inherited emergency (break-glass) grants, in the same order. */
  readonly emergency: readonly GrantIR[];
  readonly source: SourceLocation;
}

export interface RetentionIR {
  readonly amount: number;
  readonly unit: 'y' | 'm' | 'd';
  /** Upper bound in days (a year counts 366 days, a month 31), so pruning never cuts early. */
  readonly days: number;
}

export interface AuditEventIR {
  readonly kind: 'audit-event';
  readonly name: string;
  readonly actions: readonly Action[];
  readonly diff: boolean;
  readonly alert: boolean;
  readonly source: SourceLocation;
}

export interface AuditIR {
  readonly kind: 'audit';
  readonly retention: RetentionIR;
  readonly purposeOfUse: 'required' | 'optional';
  readonly events: readonly AuditEventIR[];
  readonly source: SourceLocation;
}

/** A duration such as `15m`, `12h` or `90d`, in seconds. */
export type DurationSeconds = number;

export interface SecurityIR {
  readonly kind: 'security';
  readonly sessions:
    | {
        readonly idleTimeout: DurationSeconds;
        readonly absoluteTimeout: DurationSeconds;
        readonly rolling: boolean;
        readonly store: 'redis' | 'memory';
        readonly cookie: {
          readonly secure: boolean;
          readonly httpOnly: boolean;
          readonly sameSite: 'strict' | 'lax' | 'none';
        };
      }
    | undefined;
  readonly transport: { readonly requireTls: boolean } | undefined;
  readonly keys:
    | {
        readonly provider: string;
        readonly path: string | undefined;
        readonly rotateAfter: DurationSeconds | undefined;
      }
    | undefined;
  readonly source: SourceLocation;
}

/** One step of a parsed FHIRPath subset expression. */
export type PathStep =
  | { readonly kind: 'member'; readonly name: string }
  | { readonly kind: 'first' }
  | { readonly kind: 'where'; readonly conditions: readonly PathCondition[] };

/**
 * A condition inside `where()`: `name = 'literal'` on a member path, or
 * `member.exists(<conditions>)` on a repeating child element. The runtime walks the same type.
 */
export type PathCondition = FhirPathCondition;

export interface FieldMappingIR {
  readonly kind: 'field-mapping';
  readonly field: string;
  /** The path as written in the spec. */
  readonly path: string;
  readonly steps: readonly PathStep[];
  /** FHIR type of the element the path ends at (`string`, `date`, `code`, `decimal`, ...). */
  readonly elementType: string;
  /** Target resource type of a `reference` field. */
  readonly reference: string | undefined;
  /** Value map from model values to FHIR codes, one to one. */
  readonly values: Readonly<Record<string, string>> | undefined;
  /**
   * The code system written beside a path that ends at `Coding.code`: a `code` field's own
   * system, else the mapping's `system`.
   */
  readonly system: string | undefined;
  readonly source: SourceLocation;
}

export interface MappingIR {
  readonly kind: 'mapping';
  readonly model: string;
  readonly resource: string;
  /** Constant elements written on the way out, as JSON. */
  readonly fixed: Readonly<Record<string, unknown>>;
  readonly fields: readonly FieldMappingIR[];
  readonly source: SourceLocation;
}

export interface FhirIR {
  readonly kind: 'fhir';
  readonly version: 'R4';
  readonly mappings: readonly MappingIR[];
  readonly source: SourceLocation;
}

/**
 * Three-digit ZIP prefixes that Safe Harbor replaces with `000` because their area held 20,000
 * people or fewer, with the census they come from.
 */
export interface RestrictedZip3IR {
  readonly census: number;
  readonly source: string;
  /** Three-digit prefixes, sorted. */
  readonly prefixes: readonly string[];
}

/** The `deidentification` section, or hspec's defaults when the spec has none. */
export interface DeidentificationIR {
  readonly kind: 'deidentification';
  /** The spec's list, or the 17 prefixes that HHS published from Census 2000 data. */
  readonly restrictedZip3: RestrictedZip3IR;
  /** Source location of the spec's list, or undefined for the default list. */
  readonly source: SourceLocation | undefined;
}

export interface PolicyTestIR {
  readonly kind: 'policy-test';
  readonly name: string;
  readonly role: string;
  readonly action: Action;
  readonly model: string;
  readonly purpose: string | undefined;
  readonly reason: string | undefined;
  readonly own: boolean;
  readonly sameOrganization: boolean;
  readonly expect: 'allow' | 'deny';
  readonly fields: readonly string[] | undefined;
  readonly withoutFields: readonly string[] | undefined;
  readonly source: SourceLocation;
}
