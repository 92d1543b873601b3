import type { GrantDraft, NameRef, RoleDraft } from './spec-draft.js';

/** A grant that a role holds, with the role that declared it. */
export interface HeldGrant {
  readonly grant: GrantDraft;
  readonly declaredBy: string;
  /** The role's own `inherits` entry that brought the grant; undefined for its own grants. */
  readonly via: NameRef | undefined;
}

/**
 * Lists the grants (or emergency grants) a role holds: its own first, then each inherited
 * role's, in `inherits` order and depth first. A grant reached twice is listed once, and
 * unknown roles and cycles (reported elsewhere) are skipped.
 */
export function heldGrants(
  role: RoleDraft,
  roles: ReadonlyMap<string, RoleDraft>,
  kind: 'grants' | 'emergency',
): HeldGrant[] {
  const held: HeldGrant[] = [];
  const seen = new Set<GrantDraft>();
  const path = new Set<string>([role.name]);

  const visit = (current: RoleDraft, via: NameRef | undefined): void => {
    for (const grant of current[kind]) {
      if (seen.has(grant)) continue;
      seen.add(grant);
      held.push({ grant, declaredBy: current.name, via });
    }

    for (const entry of current.inherits) {
      const parent = roles.get(entry.name);
      if (parent === undefined || path.has(parent.name)) continue;
      path.add(parent.name);
      visit(parent, via ?? entry);
      path.delete(parent.name);
    }
  };

  visit(role, undefined);
  return held;
}
