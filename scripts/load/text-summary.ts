// The run's summary as plain text for the terminal: phases with their percentiles, the errors
// by type, and each SLA check.

import { errorsByType } from './html-report';
import type { LoadReport } from './load-types';

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1).padStart(9) : '        -');

export function textSummary(report: LoadReport): string {
  const lines: string[] = [];
  const ok = report.iterations.filter((i) => i.ok).length;
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const runner = report.runner.type === 'concurrency' ? `concurrency ${report.runner.concurrency}, times ${report.runner.times}` : `rate ${report.runner.perSecond}/s for ${report.runner.durationSeconds} s`;
  lines.push(`${report.scenario}: ${runner}, ${report.tenants.length} tenants, ${seconds.toFixed(1)} s`);
  lines.push(`iterations: ${report.iterations.length}, ok ${ok}, failed ${report.iterations.length - ok} (failure rate ${(report.failureRate * 100).toFixed(2)}%)`);
  lines.push('');
  lines.push(`${'phase'.padEnd(22)} ${'count'.padStart(6)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'max ms'.padStart(9)}`);
  for (const [name, s] of Object.entries(report.phases)) lines.push(`${name.padEnd(22)} ${String(s.count).padStart(6)} ${ms(s.p50)} ${ms(s.p95)} ${ms(s.p99)} ${ms(s.max)}`);
  const errors = errorsByType(report);
  if (errors.length > 0) {
    lines.push('', 'errors by type:');
    for (const e of errors) lines.push(`  ${e.type.padEnd(20)} ${String(e.count).padStart(6)}  e.g. ${e.example}`);
  }
  for (const w of report.warnings) lines.push('', `warning: ${w}`);
  if (report.sla.checks.length > 0) {
    lines.push('', 'SLA:');
    for (const c of report.sla.checks) {
      const show = (v: number) => (c.name === 'failure_rate' ? `${(v * 100).toFixed(2)}%` : `${Number.isFinite(v) ? v.toFixed(1) : 'no sample'} ms`);
      lines.push(`  ${c.passed ? 'PASS' : 'FAIL'} ${c.name.padEnd(24)} ${show(c.actual)} (limit ${show(c.limit)})`);
    }
  }
  lines.push('', report.sla.passed ? 'SLA passed' : 'SLA FAILED');
  return lines.join('\n');
}
