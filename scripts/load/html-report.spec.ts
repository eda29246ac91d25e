// The HTML report stands alone: no URL of any kind to fetch, charts as inline SVG, the report's
// JSON inside it.

import { errorsByType, renderHtmlReport } from './html-report';
import type { IterationReport, LoadReport } from './load-types';
import { summarizePhases } from './percentiles';

function sampleReport(): LoadReport {
  const iterations: IterationReport[] = Array.from({ length: 40 }, (_, i) => ({
    index: i,
    ok: i % 10 !== 3,
    startedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + i * 250).toISOString(),
    tenant: `load-0${(i % 3) + 1}`,
    lagMs: 0,
    durations: (i % 10 === 3 ? { boot: 40 + i } : { boot: 40 + i, delete: 10 + i / 4, total: 60 + i, scheduling: 2 + i / 10, spawning: 0.4 }) as Record<string, number>,
    ...(i % 10 === 3 ? { errorType: i < 20 ? 'error_state' : 'http_413', error: `POST http://127.0.0.1:8774/v1.1/1/servers: 413 <Quota exceeded> & "more"` } : {}),
  }));
  const phases = summarizePhases(iterations.map((i) => i.durations), ['boot', 'delete', 'total']);
  return {
    scenario: 'boot-and-delete',
    runner: { type: 'concurrency', concurrency: 4, times: 40 },
    startedAt: '2026-01-01T12:00:00.000Z',
    finishedAt: '2026-01-01T12:00:11.000Z',
    iterations,
    servers: iterations.map((i) => ({ uuid: `u${i.index}`, id: String(200000 + i.index), tenantId: '10000000000101', accepted: true, finalStatus: i.ok ? 'DELETED' : 'ERROR' })),
    phases,
    failureRate: 4 / 40,
    sla: { passed: false, checks: [{ name: 'failure_rate', limit: 0.05, actual: 0.1, passed: false }, { name: 'p95:boot', limit: 1000, actual: phases.boot.p95, passed: true }] },
    tenants: ['load-01', 'load-02', 'load-03'],
    serverPhasesFromEvents: true,
    warnings: [],
  };
}

describe('HTML report', () => {
  const report = sampleReport();
  const html = renderHtmlReport(report, { target: '127.0.0.1:8774' });

  it('holds no http(s) URL and loads nothing: no external script, stylesheet, image or font', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b|<iframe\b|@import|url\(/i);
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="application/json" id="load-report">']);
  });

  it('draws latency over time, percentiles per phase and errors by type as inline SVG', () => {
    expect(html.match(/<svg\b/g)).toHaveLength(3);
    expect(html).toContain('aria-label="latency over time"');
    expect(html).toContain('aria-label="percentiles per phase"');
    expect(html).toContain('aria-label="errors by type"');
    for (const phase of ['boot', 'delete', 'total', 'scheduling', 'spawning']) expect(html).toContain(`>${phase} (`);
    expect(html).toContain('failed (4)');
  });

  it('shows the SLA verdict, the checks, and the errors escaped', () => {
    expect(html).toContain('SLA failed');
    expect(html).toContain('p95:boot');
    expect(html).toContain('&lt;Quota exceeded&gt; &amp; &quot;more&quot;');
    expect(html).not.toContain('<Quota exceeded>');
    expect(errorsByType(report)).toEqual([
      { type: 'error_state', count: 2, example: expect.stringContaining('413') },
      { type: 'http_413', count: 2, example: expect.any(String) },
    ]);
  });

  it('embeds the report as JSON for other tools', () => {
    const json = /<script type="application\/json" id="load-report">(.*?)<\/script>/s.exec(html)![1];
    const embedded = JSON.parse(json) as LoadReport;
    expect(embedded.iterations).toHaveLength(40);
    expect(embedded.phases.boot).toEqual(report.phases.boot);
  });

  it('says so when nothing ran or nothing failed', () => {
    const empty = renderHtmlReport({ ...report, iterations: [], servers: [], phases: {}, failureRate: 0, sla: { passed: true, checks: [] } });
    expect(empty).toContain('No iteration ran.');
    expect(empty).toContain('No iteration failed.');
    expect(empty).toContain('No SLA was set.');
    expect(empty).not.toMatch(/https?:\/\//i);
  });
});
