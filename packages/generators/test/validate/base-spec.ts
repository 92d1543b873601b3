/**
 * A small valid spec that the validation tests add a broken file to. Org is the tenant model,
 * Person the subject model with an organization link, Note reaches its organization through its
 * patient, and Drug has no row links at all.
 */
export const baseSpec = `models:
  Org:
    tenant: true
    fields:
      id: { type: uuid, primaryKey: true }
      name: { type: string }
  Person:
    subject: true
    organization: orgId
    fields:
      id: { type: uuid, primaryKey: true }
      orgId: { type: uuid, references: Org }
      name: { type: string, phi: name }
      birthDate: { type: date, phi: date }
  Note:
    patient: personId
    fields:
      id: { type: uuid, primaryKey: true }
      personId: { type: uuid, references: Person }
      body: { type: text, phi: free_text }
  Drug:
    fields:
      code: { type: string, primaryKey: true }
      label: { type: string }
views:
  PersonName: { model: Person, fields: [id, name] }
roles:
  clerk:
    grants:
      - { model: Person, actions: [read], scope: organization }
`;

/** Returns the files of a project made of the base spec and specs/case.yaml with `text`. */
export function withCase(text: string): Record<string, string> {
  return { 'specs/base.yaml': baseSpec, 'specs/case.yaml': text };
}
