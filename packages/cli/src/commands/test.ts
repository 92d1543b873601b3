import { compilePolicy, type PolicyTestIR } from '@hspec/generators';
import { decide, type CompiledPolicy, type Decision } from '@hspec/runtime';

import { ExitCode } from '../output/exit-code.js';
import type { Writer } from '../output/writer.js';
import { loadSpec } from './load-spec.js';

// Every case acts as a user of patient p-1 in organization o-1; `own` and `sameOrganization`
// decide whether the record belongs to that patient and that organization.
const subjectPatientId = 'p-1';
const subjectOrganizationId = 'o-1';
const otherPatientId = 'p-2';
const otherOrganizationId = 'o-2';

/** The outcome of one policy test case. */
interface CaseResult {
  readonly test: PolicyTestIR;
  readonly decision: Decision;
  /** What differs from the expectation; empty when the case passes. */
  readonly problems: readonly string[];
}

/**
 * Runs the spec's policy tests against the compiled policy, with the decision function that
 * generated code calls, and prints one line per case and a summary. Exits 1 when a case fails.
 */
export async function runTest(project: string, writer: Writer): Promise<number> {
  const ir = await loadSpec(project, writer);
  if (ir === undefined) {
    writer.document({ ok: false });
    return ExitCode.failure;
  }

  const policy = compilePolicy(ir);
  const results = ir.tests.map((test) => runCase(policy, test));
  const failed = results.filter((result) => result.problems.length > 0).length;
  const passed = results.length - failed;

  writer.document({ ok: failed === 0, passed, failed, cases: results.map(caseDocument) });
  if (results.length === 0) {
    writer.line('no policy tests in the spec; add a `tests` section to check the policy');
  }
  for (const result of results) writer.line(caseLine(result, writer));
  const summary = `${passed} passed, ${failed} failed`;
  writer.line(writer.paint(failed === 0 ? 'green' : 'red', summary));
  return failed === 0 ? ExitCode.ok : ExitCode.failure;
}

/** Decides one case for a synthetic subject and record, and compares the result with the case. */
function runCase(policy: CompiledPolicy, test: PolicyTestIR): CaseResult {
  const subject = {
    userId: `hspec-test:${test.name}`,
    role: test.role,
    patientId: subjectPatientId,
    organizationId: subjectOrganizationId,
  };
  const record = {
    patientId: test.own ? subjectPatientId : otherPatientId,
    organizationId: test.sameOrganization ? subjectOrganizationId : otherOrganizationId,
  };
  const request = { subject, purposeOfUse: test.purpose, reason: test.reason };
  const decision = decide(policy, request, test.action, test.model, record);

  return { test, decision, problems: findProblems(test, decision) };
}

function findProblems(test: PolicyTestIR, decision: Decision): string[] {
  const expected = test.expect === 'allow';
  if (decision.allowed !== expected) {
    const got = decision.allowed ? 'allow' : 'deny';
    return [`expected ${test.expect}, got ${got} (${decision.reason})`];
  }
  if (!decision.allowed) return [];

  const problems: string[] = [];
  const missing = (test.fields ?? []).filter((field) => !decision.fields.includes(field));
  if (missing.length > 0) {
    problems.push(`missing ${plural(missing, 'field')} ${missing.join(', ')}`);
  }
  const extra = (test.withoutFields ?? []).filter((field) => decision.fields.includes(field));
  if (extra.length > 0) {
    const fields = `${plural(extra, 'field')} ${extra.join(', ')}`;
    problems.push(`returned ${fields}, which withoutFields excludes`);
  }
  return problems;
}

function caseLine(result: CaseResult, writer: Writer): string {
  const { test, problems } = result;
  if (problems.length === 0) return `${writer.paint('green', 'pass')}  ${test.name}`;

  const where = `${test.source.file}:${test.source.line}:${test.source.column}`;
  return `${writer.paint('red', 'FAIL')}  ${test.name} (${where}): ${problems.join('; ')}`;
}

function caseDocument(result: CaseResult): Record<string, unknown> {
  const { test, decision, problems } = result;
  return {
    name: test.name,
    ok: problems.length === 0,
    file: test.source.file,
    line: test.source.line,
    column: test.source.column,
    expect: test.expect,
    allowed: decision.allowed,
    reason: decision.reason,
    emergency: decision.emergency,
    fields: decision.fields,
    problems,
  };
}

function plural(items: readonly string[], noun: string): string {
  return items.length === 1 ? noun : `${noun}s`;
}
