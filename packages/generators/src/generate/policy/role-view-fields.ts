import type { CompiledGrant, CompiledPolicy } from '@hspec/runtime';

/** One property of a generated view type. */
export interface ViewField {
  readonly name: string;
  /** True when every read that the view describes returns the field. */
  readonly required: boolean;
}

/** The properties of a role's view types for one model; undefined where the role cannot read. */
export interface RoleViewFields {
  /** The view of reads without break-glass grants. */
  readonly normal: readonly ViewField[] | undefined;
  /** The view of reads in which an emergency grant contributes (purpose BTG with a reason). */
  readonly emergency: readonly ViewField[] | undefined;
}

const breakGlassPurpose = 'BTG';

/**
 * Computes the view types of a role for one model from the compiled policy, the same data that
 * the runtime decides with.
 *
 * A view contains every field that some read of its kind can return: the union of the fields of the
 * read grants that such a read may match. A field is required only when every allowed read of
 * that kind returns it. That holds when each grant that can allow such a read, on its own or
 * with others, brings along a grant that has the field. Grant `h` comes along with grant `g` when
 * every request that `g` matches also matches `h`: `h` admits every purpose that `g` admits, and
 * `h` has scope `all` or the same scope as `g`.
 *
 * The normal view looks at the role's normal read grants. The emergency view describes reads in
 * which an emergency grant contributes, which all have purpose BTG. So it looks at the emergency
 * and normal read grants that admit BTG, and requires a field only when every emergency grant
 * brings along one that has it. A de-identified role's `self` grants cover nothing, so they take
 * no part. Its views list the fields before Safe Harbor, and the view types project them.
 */
export function roleViewFields(
  policy: CompiledPolicy,
  role: string,
  model: string,
): RoleViewFields {
  const compiledRole = Object.hasOwn(policy.roles, role) ? policy.roles[role] : undefined;
  const modelInfo = Object.hasOwn(policy.models, model) ? policy.models[model] : undefined;
  if (compiledRole === undefined || modelInfo === undefined) {
    return { normal: undefined, emergency: undefined };
  }

  const byAction = Object.hasOwn(compiledRole.grants, model)
    ? compiledRole.grants[model]
    : undefined;
  const reads = (byAction?.read ?? []).filter(
    (grant) => !compiledRole.deidentified || grant.scope !== 'self',
  );
  const normal = reads.filter((grant) => !grant.emergency);
  const breakGlass = reads.filter((grant) => admitsPurpose(grant, breakGlassPurpose));
  const emergency = breakGlass.filter((grant) => grant.emergency);

  return {
    normal: viewFields(modelInfo.fields, normal, normal),
    emergency: viewFields(modelInfo.fields, emergency, breakGlass),
  };
}

/**
 * Lists the fields of a view: `allowing` are the grants of which at least one takes part in
 * every read of the view, and `present` every grant that may take part.
 */
function viewFields(
  modelFields: readonly string[],
  allowing: readonly CompiledGrant[],
  present: readonly CompiledGrant[],
): ViewField[] | undefined {
  if (allowing.length === 0) {
    return undefined;
  }

  const fields: ViewField[] = [];
  for (const name of modelFields) {
    const holders = present.filter((grant) => grant.fields.includes(name));
    if (holders.length === 0) {
      continue;
    }
    const required = allowing.every((grant) =>
      holders.some((holder) => comesAlong(holder, grant)),
    );
    fields.push({ name, required });
  }
  return fields;
}

/** Tells whether every request that `grant` matches also matches `other`. */
function comesAlong(other: CompiledGrant, grant: CompiledGrant): boolean {
  const scopeCovers = other.scope === 'all' || other.scope === grant.scope;
  if (!scopeCovers) {
    return false;
  }
  if (other.purposes === null) {
    return true;
  }
  const purposes = grant.purposes;
  return purposes !== null && purposes.every((purpose) => other.purposes?.includes(purpose));
}

function admitsPurpose(grant: CompiledGrant, purpose: string): boolean {
  return grant.purposes === null || grant.purposes.includes(purpose);
}
