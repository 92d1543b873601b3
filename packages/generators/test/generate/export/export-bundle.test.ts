import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AccessDeniedError, type AccessRequest, type fhir4 } from '@hspec/runtime';
import type { SpecIR } from '../../../src/ir/spec-ir.js';
import {
  exportSpec,
  loadExportCode,
  openExportWorld,
  R4Schema,
  type ExportCode,
  type ExportWorld,
} from './support/export-project.js';
import { caught } from '../support/caught.js';

const valley = { id: 'c0a80001-0000-4000-8000-000000000001', name: 'Valley', npi: '1234567890' };
const harbor = { id: 'c0a80002-0000-4000-8000-000000000002', name: 'Harbor', npi: '2345678901' };

/** Builds a patient record of the example model, with values that no id or timestamp contains. */
function patient(id: string, clinicId: string, name: string) {
  return {
    id,
    clinicId,
    mrn: `MRN-${name}-0042`,
    givenName: `${name}ina`,
    familyName: `${name}son`,
    birthDate: '1961-07-14',
    sex: 'female',
    ssn: '123-45-6789',
    phone: `+1 555 ${name}`,
    email: `${name.toLowerCase()}@example.org`,
    street: `12 ${name} Lane`,
    city: `${name}ville`,
    state: 'MA',
    zip: '02139',
    memberId: `MEMBER-${name}`,
    consentsToSms: true,
  };
}

const ada = patient('a0000001-0000-4000-8000-00000000000a', valley.id, 'Ada');
const bea = patient('a0000002-0000-4000-8000-00000000000b', valley.id, 'Bea');
const cat = patient('a0000003-0000-4000-8000-00000000000c', harbor.id, 'Cat');

function visit(id: string, owner: typeof ada) {
  return {
    id,
    patientId: owner.id,
    clinicId: owner.clinicId,
    mode: 'video',
    start: new Date('2024-03-05T10:00:00.000Z'),
    end: null,
    reason: '386661006',
    deviceIp: `203.0.113.${owner === ada ? 7 : 8}`,
  };
}

function labResult(id: string, owner: typeof ada) {
  return {
    id,
    patientId: owner.id,
    accession: `ACC-${owner.familyName}`,
    test: '2345-7',
    value: '5.40',
    unit: 'mmol/L',
    flag: 'abnormal',
    collectedAt: new Date('2024-03-05T10:30:00.000Z'),
    comment: `Drawn after breakfast by ${owner.givenName}`,
  };
}

const adaVisit = visit('b0000001-0000-4000-8000-000000000001', ada);
const beaVisit = visit('b0000002-0000-4000-8000-000000000002', bea);
const catVisit = visit('b0000003-0000-4000-8000-000000000003', cat);
const adaLab = labResult('d0000001-0000-4000-8000-000000000001', ada);
const beaLab = labResult('d0000002-0000-4000-8000-000000000002', bea);

function requestAs(role: string, organizationId: string = valley.id): AccessRequest {
  return { subject: { userId: `${role}-1`, role, organizationId }, purposeOfUse: 'TREAT' };
}

let ir: SpecIR;
let code: ExportCode;
let schema: R4Schema;
let world: ExportWorld;

beforeAll(async () => {
  ir = await exportSpec();
  code = await loadExportCode('export-bundle', ir);
  schema = new R4Schema();
});

beforeEach(() => {
  world = openExportWorld(code);
  world.seed('Clinic', 'clinics', valley);
  world.seed('Clinic', 'clinics', harbor);
  for (const each of [ada, bea, cat]) world.seed('Patient', 'patients', each);
  for (const each of [adaVisit, beaVisit, catVisit]) world.seed('Visit', 'visits', each);
  for (const each of [adaLab, beaLab]) world.seed('LabResult', 'lab_results', each);
});

function exportAs(role: string, patientId: string, type?: 'collection' | 'searchset') {
  const options = type === undefined ? {} : { type };
  return code.exportPatient(world.repositories, requestAs(role), patientId, options);
}

function resources(bundle: fhir4.Bundle): fhir4.FhirResource[] {
  const entries = bundle.entry ?? [];
  return entries.flatMap((entry) => (entry.resource === undefined ? [] : [entry.resource]));
}

function resourceOf<T extends fhir4.FhirResource['resourceType']>(
  bundle: fhir4.Bundle,
  type: T,
): Extract<fhir4.FhirResource, { resourceType: T }>[] {
  return resources(bundle).filter(
    (resource): resource is Extract<fhir4.FhirResource, { resourceType: T }> =>
      resource.resourceType === type,
  );
}

/** One `reference` of a resource in a Bundle, and the `Type/id` that the export wrote there. */
interface FoundReference {
  readonly entry: fhir4.BundleEntry;
  readonly reference: string;
  readonly target: string;
}

/**
 * Lists every `reference` element of the Bundle's resources. The target is what a mapping
 * writes for the reference: `Type/id`, the id taken from a `urn:uuid:` reference.
 */
function references(bundle: fhir4.Bundle): FoundReference[] {
  const found: FoundReference[] = [];
  const typeOf = (path: string): string => {
    const known: Record<string, string> = {
      subject: 'Patient',
      managingOrganization: 'Organization',
      serviceProvider: 'Organization',
    };
    return known[path] ?? path;
  };
  const visit = (entry: fhir4.BundleEntry, value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(entry, item, path);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [name, child] of Object.entries(value)) {
      if (name === 'reference' && typeof child === 'string') {
        const urn = child.startsWith('urn:uuid:');
        const target = urn ? `${typeOf(path)}/${child.slice('urn:uuid:'.length)}` : child;
        found.push({ entry, reference: child, target });
      } else {
        visit(entry, child, name);
      }
    }
  };
  for (const entry of bundle.entry ?? []) visit(entry, entry.resource, '');
  return found;
}

/** A RESTful fullUrl, `[base]/[type]/[id]`, split into its base and its `[type]/[id]`. */
const restfulUrl = /^(https?:\/\/.+)\/([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/;

/**
 * Finds the entry that a reference inside `entry` names, by R4's rules for resolving references
 * within a Bundle. An absolute reference (a URL or a URN) matches the fullUrl of an entry. A
 * relative `Type/id` reference is appended to the base of the RESTful fullUrl of the entry that
 * contains it. Next to a `urn:uuid:` fullUrl or no fullUrl, it resolves to no entry.
 */
function resolveInBundle(
  bundle: fhir4.Bundle,
  entry: fhir4.BundleEntry,
  reference: string,
): fhir4.BundleEntry | undefined {
  const entries = bundle.entry ?? [];
  const withFullUrl = (url: string) => entries.find((candidate) => candidate.fullUrl === url);
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) {
    return withFullUrl(reference);
  }
  const base = restfulUrl.exec(entry.fullUrl ?? '')?.[1];
  return base === undefined ? undefined : withFullUrl(`${base}/${reference}`);
}

describe('resolveInBundle', () => {
  const restful: fhir4.BundleEntry = {
    fullUrl: 'http://example.org/fhir/Encounter/e1',
    resource: { resourceType: 'Encounter', id: 'e1' },
  };
  const patientEntry: fhir4.BundleEntry = {
    fullUrl: 'http://example.org/fhir/Patient/p1',
    resource: { resourceType: 'Patient', id: 'p1' },
  };
  const local: fhir4.BundleEntry = {
    fullUrl: `urn:uuid:${ada.id}`,
    resource: { resourceType: 'Patient', id: ada.id },
  };
  const bundle: fhir4.Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [restful, patientEntry, local],
  };

  it.each([
    ['a relative reference next to a RESTful fullUrl', restful, 'Patient/p1', patientEntry],
    ['an absolute URL', local, 'http://example.org/fhir/Patient/p1', patientEntry],
    ['a urn:uuid reference', restful, `urn:uuid:${ada.id}`, local],
    ['a relative reference next to a urn:uuid fullUrl', local, 'Patient/p1', undefined],
    ['a relative reference to no entry', restful, 'Patient/p2', undefined],
  ])('resolves %s', (_name, from, reference, expected) => {
    expect(resolveInBundle(bundle, from, reference)).toBe(expected);
  });
});

describe('exportPatient', () => {
  it('builds a Bundle that the R4 schema accepts', () => {
    for (const type of ['collection', 'searchset'] as const) {
      const bundle = exportAs('exporter', ada.id, type);

      expect(schema.errors('Bundle', bundle)).toEqual([]);
      for (const resource of resources(bundle)) {
        expect(schema.errors(resource.resourceType, resource), resource.resourceType).toEqual([]);
      }
    }
  });

  it("holds the patient's records and the patient's organization", () => {
    const bundle = exportAs('exporter', ada.id);

    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(resources(bundle).map((resource) => `${resource.resourceType}/${resource.id}`)).toEqual([
      `Patient/${ada.id}`,
      `Organization/${valley.id}`,
      `Encounter/${adaVisit.id}`,
      `Observation/${adaLab.id}`,
    ]);
  });

  it('gives each entry a urn:uuid fullUrl', () => {
    const bundle = exportAs('exporter', ada.id);

    expect(bundle.entry?.map((entry) => entry.fullUrl)).toEqual([
      `urn:uuid:${ada.id}`,
      `urn:uuid:${valley.id}`,
      `urn:uuid:${adaVisit.id}`,
      `urn:uuid:${adaLab.id}`,
    ]);
  });

  it('never holds records of another patient', () => {
    const text = JSON.stringify(exportAs('exporter', ada.id));

    for (const other of [bea, cat]) {
      for (const value of [other.id, other.mrn, other.givenName, other.familyName]) {
        expect(text).not.toContain(value);
      }
    }
    for (const id of [beaVisit.id, catVisit.id, beaLab.id, harbor.id]) {
      expect(text).not.toContain(id);
    }
  });

  it('leaves out every field that the role may not export', () => {
    const bundle = exportAs('exporter', ada.id);
    const text = JSON.stringify(bundle);
    const [exported] = resourceOf(bundle, 'Patient');

    for (const value of [ada.ssn, ada.phone, ada.email, ada.street, ada.city, ada.memberId]) {
      expect(text).not.toContain(value);
    }
    for (const value of [adaVisit.deviceIp, adaLab.accession, adaLab.comment, adaLab.test]) {
      expect(text).not.toContain(value);
    }
    expect(exported?.telecom).toBeUndefined();
    expect(exported?.identifier?.map((identifier) => identifier.value)).toEqual([ada.mrn]);
    expect(resourceOf(bundle, 'Observation')[0]?.interpretation).toBeUndefined();
  });

  it('marks a masked element that R4 requires with a data-absent-reason', () => {
    const [observation] = resourceOf(exportAs('exporter', ada.id), 'Observation');

    expect(observation?.code.coding?.[0]?.code).toBeUndefined();
    expect(observation?.code.coding?.[0]?._code?.extension).toEqual([
      {
        url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
        valueCode: 'masked',
      },
    ]);
    expect(observation?.valueQuantity).toEqual({ value: 5.4, unit: 'mmol/L' });
  });

  it('keeps the fields that the role may export', () => {
    const bundle = exportAs('exporter', ada.id);
    const [exported] = resourceOf(bundle, 'Patient');
    const [encounter] = resourceOf(bundle, 'Encounter');

    expect(exported).toMatchObject({ birthDate: ada.birthDate, gender: 'female' });
    expect(exported?.name).toEqual([
      { use: 'official', family: ada.familyName, given: [ada.givenName] },
    ]);
    expect(encounter?.subject).toEqual({ reference: `urn:uuid:${ada.id}` });
  });

  it('resolves every reference to an entry of the Bundle', () => {
    for (const type of ['collection', 'searchset'] as const) {
      const bundle = exportAs('exporter', ada.id, type);
      const found = references(bundle);

      // Patient.managingOrganization, Encounter.subject and .serviceProvider, Observation.subject
      expect(found.map(({ reference }) => reference)).toEqual([
        `urn:uuid:${valley.id}`,
        `urn:uuid:${ada.id}`,
        `urn:uuid:${valley.id}`,
        `urn:uuid:${ada.id}`,
      ]);
      for (const { entry, reference } of found) {
        expect(resolveInBundle(bundle, entry, reference), reference).toBeDefined();
      }
      expect(schema.errors('Bundle', bundle)).toEqual([]);
    }
  });

  it('points each reference at the resource it names', () => {
    const bundle = exportAs('exporter', ada.id);

    for (const { entry, reference, target } of references(bundle)) {
      const resolved = resolveInBundle(bundle, entry, reference)?.resource;
      expect(resolved, reference).toBeDefined();
      expect(`${resolved?.resourceType}/${resolved?.id}`).toBe(target);
    }
  });

  it('keeps Type/id for a resource outside the Bundle', () => {
    const bundle = exportAs('patient_exporter', ada.id);
    const [exported] = resourceOf(bundle, 'Patient');

    expect(exported?.managingOrganization).toEqual({ reference: `Organization/${valley.id}` });
    expect(schema.errors('Bundle', bundle)).toEqual([]);
  });

  it('marks searchset entries as matches or inclusions', () => {
    const bundle = exportAs('exporter', ada.id, 'searchset');

    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBe(3);
    expect(bundle.entry?.map((entry) => entry.search?.mode)).toEqual([
      'match',
      'include',
      'match',
      'match',
    ]);
  });

  it('audits each model as one export', () => {
    exportAs('exporter', ada.id);

    expect(world.audit()).toMatchObject([
      { model: 'Patient', recordIds: [ada.id] },
      { model: 'Clinic', recordIds: [valley.id] },
      { model: 'Visit', recordIds: [adaVisit.id] },
      { model: 'LabResult', recordIds: [adaLab.id] },
    ]);
    for (const record of world.audit()) {
      expect(record).toMatchObject({
        event: 'phi.export',
        action: 'export',
        outcome: 'success',
        role: 'exporter',
        alert: true,
      });
    }
    expect(world.audit()[3]?.fields).toEqual(['id', 'patientId', 'value', 'unit', 'collectedAt']);
  });

  it('writes no PHI value to the audit log', () => {
    exportAs('exporter', ada.id);
    exportAs('patient_exporter', ada.id);
    const text = world.auditText();

    for (const value of [ada.mrn, ada.givenName, ada.familyName, ada.ssn, ada.phone, ada.zip]) {
      expect(text).not.toContain(value);
    }
    expect(text).not.toContain(adaLab.comment);
  });

  it('leaves out a model it may not export', () => {
    const bundle = exportAs('patient_exporter', ada.id);

    expect(resources(bundle).map((resource) => resource.resourceType)).toEqual(['Patient']);
    expect(schema.errors('Bundle', bundle)).toEqual([]);
    expect(world.audit()).toMatchObject([
      { model: 'Patient', outcome: 'success', recordIds: [ada.id] },
      { model: 'Clinic', outcome: 'denied', detail: 'no-grant' },
      { model: 'Visit', outcome: 'denied', detail: 'no-grant' },
      { model: 'LabResult', outcome: 'denied', detail: 'no-grant' },
    ]);
  });

  it.each([
    ['a role that may only read the patient', 'nurse', ada.id, 'no-grant'],
    ['a patient of another organization', 'exporter', cat.id, 'out-of-scope'],
    ['a de-identified role', 'analyst', ada.id, 'deidentified-only'],
  ])('throws AccessDeniedError for %s', (_name, role, patientId, reason) => {
    const error = caught(() => exportAs(role, patientId));

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toMatchObject({ action: 'export', model: 'Patient', reason });
    expect(world.audit()).toMatchObject([
      { model: 'Patient', action: 'export', outcome: 'denied', role },
    ]);
  });

  it('audits a missing patient as not found', () => {
    const missing = 'a0000009-0000-4000-8000-000000000009';
    const error = caught(() => exportAs('exporter', missing));

    expect(error).toMatchObject({ code: 'access.denied', reason: 'out-of-scope' });
    expect(world.audit()).toMatchObject([
      { model: 'Patient', outcome: 'denied', detail: 'not-found', recordIds: [missing] },
    ]);
  });
});
