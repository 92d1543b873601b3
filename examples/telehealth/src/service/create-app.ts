import { randomUUID } from 'node:crypto';

import {
  AccessDeniedError,
  accessRequestOf,
  FieldValidationError,
  phiAccess,
  requestIdOf,
  requireTls,
  stringifyFhirJson,
  type AccessRequest,
  type FieldCipher,
  type SessionManager,
  type SqliteAuditLog,
} from '@hspec/runtime';
import type Database from 'better-sqlite3';
import express, { type NextFunction, type Request, type Response } from 'express';

import { createSafeHarbor } from '../generated/deid/index.js';
import { exportPatient } from '../generated/fhir/export.js';
import type { PatientInput, VisitInput } from '../generated/index.js';
import { policy } from '../generated/policy.js';
import {
  ClinicRepository,
  LabResultRepository,
  PatientRepository,
  PrescriptionRepository,
  VisitNoteRepository,
  VisitRepository,
  type RepositoryOptions,
} from '../generated/repositories/index.js';
import { securitySettings } from '../generated/security.js';
import type { UserDirectory } from './user-directory.js';

/** The parts the service is built from. Tests pass their own database, sessions and users. */
export interface TelehealthDependencies {
  readonly database: Database.Database;
  readonly cipher: FieldCipher;
  readonly auditLog: SqliteAuditLog;
  readonly sessions: SessionManager;
  readonly users: UserDirectory;
  /** Allow plain HTTP from loopback addresses, for a developer's machine and the tests. */
  readonly allowLocalDevelopment: boolean;
}

/**
 * Builds the telehealth HTTP API on the generated repositories: registration, the provider's
 * patient list and detail, a chart's FHIR export, visits and notes, prescriptions and the
 * patient portal. Every /api
 * route needs a session and a purpose of use (header `x-purpose-of-use`); break-glass access
 * sends purpose BTG and a reason in `x-break-glass-reason`.
 */
export function createTelehealthApp(dependencies: TelehealthDependencies): express.Express {
  const { database, cipher, auditLog, sessions, users } = dependencies;
  // The analyst role reads Safe Harbor output, which the harbor makes. A record keeps its
  // pseudonym while the service runs.
  const options: RepositoryOptions = { database, cipher, auditLog, harbor: createSafeHarbor() };
  const patients = new PatientRepository(options);
  const visits = new VisitRepository(options);
  const notes = new VisitNoteRepository(options);
  const prescriptions = new PrescriptionRepository(options);
  const exportRepositories = {
    patients,
    clinics: new ClinicRepository(options),
    visits,
    labResults: new LabResultRepository(options),
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    requireTls({
      requireTls: securitySettings.transport.requireTls,
      allowLocalDevelopment: dependencies.allowLocalDevelopment,
    }),
  );
  app.use(express.json({ limit: '64kb' }));

  app.post('/auth/login', async (req, res) => {
    const { username, password } = credentialsOf(req.body);
    const subject = await users.verify(username, password);
    if (subject === undefined) {
      // Name the account only when it exists: a mistyped password in the user field is not logged.
      await sessions.recordFailedLogin(req, {
        userId: users.has(username) ? username : undefined,
        reason: 'bad-credentials',
      });
      res.status(401).json({ error: 'auth.failed' });
      return;
    }
    await sessions.login(req, res, subject);
    res.status(204).end();
  });

  app.post('/auth/logout', async (req, res) => {
    await sessions.logout(req, res);
    res.status(204).end();
  });

  app.use('/api', phiAccess({ sessions, audit: auditLog, purposeOfUse: policy.purposeOfUse }));

  app.post('/api/patients', (req, res) => {
    const request = requestOf(req);
    const id = randomUUID();
    const clinicId = request.subject.organizationId ?? '';
    // encryptPatient checks every field against the spec before anything is stored.
    const input = { ...objectOf(req.body), id, clinicId } as unknown as PatientInput;
    patients.insert(request, input);
    res.status(201).json({ id });
  });

  app.get('/api/patients', (req, res) => {
    const after = typeof req.query['after'] === 'string' ? req.query['after'] : undefined;
    res.json(patients.list(requestOf(req), { limit: 50, after }));
  });

  app.get('/api/patients/:id', (req, res) => {
    const patient = patients.get(requestOf(req), req.params['id'] ?? '');
    if (patient === undefined) res.status(404).json({ error: 'not-found' });
    else res.json(patient);
  });

  // An MRN is PHI, so it travels in the body of a POST, never in a URL that proxies log.
  app.post('/api/patients/search', (req, res) => {
    const mrn = stringOf(objectOf(req.body)['mrn']);
    res.json(patients.findByMrn(requestOf(req), mrn));
  });

  // Returns a FHIR R4 Bundle of one patient's chart with the fields the role may export.
  // `?type=searchset` marks each entry as a match or an inclusion.
  app.get('/api/patients/:id/export', (req, res) => {
    const type = req.query['type'] === 'searchset' ? 'searchset' : 'collection';
    const bundle = exportPatient(exportRepositories, requestOf(req), req.params['id'] ?? '', {
      type,
    });
    // stringifyFhirJson writes each decimal with the digits it was stored with (`5.40`).
    res.type('application/fhir+json').send(stringifyFhirJson(bundle));
  });

  app.post('/api/visits', (req, res) => {
    const request = requestOf(req);
    const body = objectOf(req.body);
    const id = randomUUID();
    visits.insert(request, {
      id,
      patientId: stringOf(body['patientId']),
      clinicId: request.subject.organizationId ?? '',
      mode: stringOf(body['mode']) as VisitInput['mode'],
      start: new Date(stringOf(body['start'])),
    });
    res.status(201).json({ id });
  });

  app.post('/api/notes', (req, res) => {
    const request = requestOf(req);
    const body = objectOf(req.body);
    const id = randomUUID();
    notes.insert(request, {
      id,
      patientId: stringOf(body['patientId']),
      visitId: stringOf(body['visitId']),
      authorId: request.subject.userId,
      writtenAt: new Date(),
      body: stringOf(body['body']),
    });
    res.status(201).json({ id });
  });

  app.get('/api/notes', (req, res) => {
    res.json(notes.list(requestOf(req), { limit: 50 }));
  });

  app.post('/api/prescriptions', (req, res) => {
    const request = requestOf(req);
    const body = objectOf(req.body);
    const id = randomUUID();
    prescriptions.insert(request, {
      id,
      patientId: stringOf(body['patientId']),
      prescriberId: request.subject.userId,
      medication: stringOf(body['medication']),
      instructions: typeof body['instructions'] === 'string' ? body['instructions'] : null,
      quantity: Number(body['quantity']),
      refills: Number(body['refills']),
      status: 'active',
      writtenAt: new Date(),
    });
    res.status(201).json({ id });
  });

  app.get('/api/prescriptions', (req, res) => {
    res.json(prescriptions.list(requestOf(req), { limit: 50 }));
  });

  app.get('/api/portal/chart', (req, res) => {
    const request = requestOf(req);
    const chart = patients.get(request, request.subject.patientId ?? '');
    if (chart === undefined) res.status(404).json({ error: 'not-found' });
    else res.json(chart);
  });

  app.use(errorHandler);
  return app;
}

function requestOf(req: Request): AccessRequest {
  const request = accessRequestOf(req);
  // phiAccess runs before every /api route, so a missing request is a wiring mistake.
  if (request === undefined) throw new Error('route is not behind phiAccess');
  return request;
}

/** Maps the runtime's typed errors to HTTP; messages name fields and rules, never values. */
function errorHandler(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof AccessDeniedError) {
    res.status(403).json({ error: error.code, reason: error.reason });
    return;
  }
  if (error instanceof FieldValidationError) {
    res.status(400).json({ error: error.code, field: error.field, rule: error.rule });
    return;
  }
  if (error instanceof SyntaxError) {
    res.status(400).json({ error: 'request.invalid-json' });
    return;
  }
  // Log the error's class and code with the request id, never its message: a driver's message
  // may quote a value.
  const name = error instanceof Error ? error.name : typeof error;
  const code = error instanceof Error && 'code' in error ? ` ${String(error.code)}` : '';
  process.stderr.write(`telehealth: request ${requestIdOf(req)} failed: ${name}${code}\n`);
  res.status(500).json({ error: 'internal' });
}

function credentialsOf(body: unknown): { username: string; password: string } {
  const value = objectOf(body);
  return { username: stringOf(value['username']), password: stringOf(value['password']) };
}

function objectOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
