// A load run as one self-contained HTML page: summary, SLA checks, and three charts drawn as
// inline SVG (latency of each iteration over the run, p50/p95/p99/max per phase, errors by
// type), with the report's JSON embedded for tools. No script, stylesheet, font or image is
// loaded from anywhere: the file opens offline and can be attached to a CI run as is.
// (About 300 lines: the three charts share their scales and helpers here.)

import type { IterationReport, LoadReport, PhaseStats } from './load-types';
import { SERVER_EVENT_SPANS } from './server-phases';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const FAILED_COLOR = '#d62728';
/** The most points the latency chart draws; a longer run is sampled evenly. */
const MAX_POINTS = 6000;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (ms: number) => (Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) : '-');

function runnerText(report: LoadReport): string {
  const r = report.runner;
  return r.type === 'concurrency' ? `concurrency ${r.concurrency}, ${r.times} iterations` : `constant rate ${r.perSecond}/s for ${r.durationSeconds} s`;
}

/** Nice round tick values from 0 to about `max`. */
function linearTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Latency of every iteration over the run: one colour per phase, failed iterations marked at the top. */
function latencyChart(report: LoadReport, phases: string[]): string {
  const width = 920;
  const height = 340;
  const m = { left: 60, right: 150, top: 24, bottom: 40 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const iterations = report.iterations;
  if (iterations.length === 0) return '<p>No iteration ran.</p>';
  const t0 = Math.min(...iterations.map((i) => Date.parse(i.startedAt)));
  const xOf = (i: IterationReport) => (Date.parse(i.startedAt) - t0) / 1000;
  // The axis spans the whole run, so a burst shows as what it was.
  const maxX = Math.max(1e-3, (Date.parse(report.finishedAt) - t0) / 1000, ...iterations.map(xOf));
  const values = iterations.flatMap((i) => phases.map((p) => i.durations[p]).filter((v): v is number => Number.isFinite(v)));
  const maxY = Math.max(1, ...values) * 1.05;
  const sx = (x: number) => m.left + (x / maxX) * plotW;
  const sy = (y: number) => m.top + plotH - (y / maxY) * plotH;
  const step = Math.max(1, Math.ceil((iterations.length * phases.length) / MAX_POINTS));
  const parts: string[] = [];
  for (const tick of linearTicks(maxY)) {
    if (tick > maxY) continue;
    parts.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${sy(tick)}" y2="${sy(tick)}" class="grid"/><text x="${m.left - 6}" y="${sy(tick) + 4}" text-anchor="end">${tick}</text>`);
  }
  for (const tick of linearTicks(maxX, 8)) {
    if (tick > maxX) continue;
    parts.push(`<text x="${sx(tick)}" y="${m.top + plotH + 16}" text-anchor="middle">${tick}</text>`);
  }
  parts.push(`<text x="${m.left + plotW / 2}" y="${height - 6}" text-anchor="middle">seconds since the first iteration was due</text>`);
  parts.push(`<text x="14" y="${m.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${m.top + plotH / 2})">ms</text>`);
  phases.forEach((phase, p) => {
    const dots: string[] = [];
    iterations.forEach((it, n) => {
      const v = it.durations[phase];
      if (n % step === 0 && Number.isFinite(v)) dots.push(`<circle cx="${sx(xOf(it)).toFixed(1)}" cy="${sy(v).toFixed(1)}" r="2.2"/>`);
    });
    parts.push(`<g fill="${COLORS[p % COLORS.length]}" fill-opacity="0.7"><title>${escapeHtml(phase)}</title>${dots.join('')}</g>`);
    parts.push(`<rect x="${width - m.right + 12}" y="${m.top + p * 18}" width="10" height="10" fill="${COLORS[p % COLORS.length]}"/><text x="${width - m.right + 28}" y="${m.top + p * 18 + 9}">${escapeHtml(phase)}</text>`);
  });
  const failed = iterations.filter((i) => !i.ok);
  if (failed.length > 0) {
    const marks = failed.map((it) => `<path d="M${sx(xOf(it)) - 3},${m.top - 12} l6,6 m0,-6 l-6,6"/>`).join('');
    parts.push(`<g stroke="${FAILED_COLOR}" stroke-width="1.5"><title>failed iterations</title>${marks}</g>`);
    const y = m.top + phases.length * 18;
    parts.push(`<path d="M${width - m.right + 12},${y} l8,8 m0,-8 l-8,8" stroke="${FAILED_COLOR}" stroke-width="1.5"/><text x="${width - m.right + 28}" y="${y + 8}">failed (${failed.length})</text>`);
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}" class="frame"/>`);
  const note = step > 1 ? `<p class="note">Every ${step}th iteration drawn (${iterations.length} in all).</p>` : '';
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="latency over time">${parts.join('')}</svg>${note}`;
}

/** p50, p95, p99 and max of every phase as bars on a logarithmic axis (phases differ by orders of magnitude). */
function percentileChart(phases: Record<string, PhaseStats>): string {
  const names = Object.keys(phases);
  if (names.length === 0) return '<p>No phase was measured.</p>';
  const keys = ['p50', 'p95', 'p99', 'max'] as const;
  const width = 920;
  const rowH = 4 * 9 + 12;
  const m = { left: 170, right: 90, top: 28, bottom: 34 };
  const plotW = width - m.left - m.right;
  const height = m.top + names.length * rowH + m.bottom;
  const maxV = Math.max(1, ...names.map((n) => phases[n].max).filter(Number.isFinite));
  const hiExp = Math.ceil(Math.log10(maxV));
  // The axis starts a decade below the smallest median (at least 0.1 ms), so no bar is lost.
  const smallest = Math.min(...names.map((n) => phases[n].p50).filter((v) => Number.isFinite(v) && v > 0));
  const loExp = Math.min(hiExp - 1, Math.max(-1, Number.isFinite(smallest) ? Math.floor(Math.log10(smallest)) : -1));
  const lo = 10 ** loExp;
  const sx = (v: number) => m.left + ((Math.log10(Math.max(lo, v)) - loExp) / (hiExp - loExp)) * plotW;
  const parts: string[] = [];
  for (let e = loExp; e <= hiExp; e++) {
    const v = 10 ** e;
    parts.push(`<line x1="${sx(v)}" x2="${sx(v)}" y1="${m.top - 4}" y2="${height - m.bottom}" class="grid"/><text x="${sx(v)}" y="${height - m.bottom + 16}" text-anchor="middle">${v >= 1 ? v : v.toFixed(1)}</text>`);
  }
  parts.push(`<text x="${m.left + plotW / 2}" y="${height - 4}" text-anchor="middle">ms (logarithmic)</text>`);
  keys.forEach((k, i) => parts.push(`<rect x="${m.left + i * 90}" y="6" width="10" height="10" fill="${COLORS[i]}"/><text x="${m.left + i * 90 + 14}" y="15">${k}</text>`));
  names.forEach((name, r) => {
    const y = m.top + r * rowH;
    parts.push(`<text x="${m.left - 8}" y="${y + rowH / 2}" text-anchor="end">${escapeHtml(name)} (${phases[name].count})</text>`);
    keys.forEach((k, i) => {
      const v = phases[name][k];
      if (!Number.isFinite(v)) return;
      const by = y + 4 + i * 9;
      parts.push(`<rect x="${m.left}" y="${by}" width="${Math.max(1, sx(v) - m.left).toFixed(1)}" height="8" fill="${COLORS[i]}"><title>${escapeHtml(name)} ${k} ${fmt(v)} ms</title></rect>`);
      if (k === 'max' || k === 'p95') parts.push(`<text x="${sx(v) + 4}" y="${by + 8}" class="small">${fmt(v)}</text>`);
    });
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="percentiles per phase">${parts.join('')}</svg>`;
}

/** Failed iterations counted by error type. */
export function errorsByType(report: LoadReport): { type: string; count: number; example: string }[] {
  const byType = new Map<string, { type: string; count: number; example: string }>();
  for (const it of report.iterations) {
    if (it.ok) continue;
    const type = it.errorType ?? 'unexpected';
    const entry = byType.get(type) ?? { type, count: 0, example: it.error ?? '' };
    entry.count++;
    byType.set(type, entry);
  }
  return [...byType.values()].sort((a, b) => b.count - a.count);
}

function errorChart(errors: { type: string; count: number }[]): string {
  if (errors.length === 0) return '<p class="pass">No iteration failed.</p>';
  const width = 920;
  const m = { left: 200, right: 60, top: 10, bottom: 10 };
  const rowH = 24;
  const height = m.top + errors.length * rowH + m.bottom;
  const max = Math.max(...errors.map((e) => e.count));
  const plotW = width - m.left - m.right;
  const bars = errors.map((e, i) => {
    const y = m.top + i * rowH;
    const w = Math.max(1, (e.count / max) * plotW);
    return `<text x="${m.left - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(e.type)}</text><rect x="${m.left}" y="${y + 4}" width="${w.toFixed(1)}" height="16" fill="${FAILED_COLOR}"/><text x="${m.left + w + 6}" y="${y + 16}">${e.count}</text>`;
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="errors by type">${bars.join('')}</svg>`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** The page. `target` names the stack measured (shown without its scheme). */
export function renderHtmlReport(report: LoadReport, options: { target?: string } = {}): string {
  const ok = report.iterations.filter((i) => i.ok).length;
  const failed = report.iterations.length - ok;
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const phaseNames = Object.keys(report.phases);
  const clientPhases = phaseNames.filter((p) => report.iterations.some((i) => i.ok && Number.isFinite(i.durations[p])) && !isServerPhase(report, p));
  const errors = errorsByType(report);
  const statuses = new Map<string, number>();
  for (const s of report.servers) statuses.set(s.finalStatus ?? (s.accepted ? 'unknown' : 'not accepted'), (statuses.get(s.finalStatus ?? (s.accepted ? 'unknown' : 'not accepted')) ?? 0) + 1);
  const verdict = report.sla.passed ? '<span class="badge pass">SLA passed</span>' : '<span class="badge fail">SLA failed</span>';
  const summary = table(
    ['', ''],
    [
      ['scenario', escapeHtml(report.scenario)],
      ...(options.target ? [['stack', escapeHtml(options.target)]] : []),
      ['runner', escapeHtml(runnerText(report))],
      ['tenants', `${report.tenants.length} (${escapeHtml(report.tenants.slice(0, 5).join(', '))}${report.tenants.length > 5 ? ', ...' : ''})`],
      ['started / finished', `${escapeHtml(report.startedAt)} / ${escapeHtml(report.finishedAt)} (${seconds.toFixed(1)} s)`],
      ['iterations', `${report.iterations.length}: ${ok} ok, ${failed} failed (failure rate ${(report.failureRate * 100).toFixed(2)}%)`],
      ['servers', `${report.servers.length} asked for, ${report.servers.filter((s) => s.accepted).length} accepted; final: ${escapeHtml([...statuses].map(([k, v]) => `${k} ${v}`).join(', ') || '-')}`],
      ['server-side phases', report.serverPhasesFromEvents ? "from the servers' events" : 'not read (no database URL)'],
    ],
  );
  const sla =
    report.sla.checks.length === 0
      ? '<p>No SLA was set.</p>'
      : table(
          ['check', 'limit', 'actual', 'result'],
          report.sla.checks.map((c) => [escapeHtml(c.name), c.name === 'failure_rate' ? `${(c.limit * 100).toFixed(2)}%` : `${fmt(c.limit)} ms`, c.name === 'failure_rate' ? `${(c.actual * 100).toFixed(2)}%` : `${fmt(c.actual)} ms`, c.passed ? '<span class="pass">passed</span>' : '<span class="fail">failed</span>']),
        );
  const phaseTable = table(
    ['phase', 'source', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    phaseNames.map((p) => {
      const s = report.phases[p];
      return [escapeHtml(p), isServerPhase(report, p) ? 'events' : 'client', String(s.count), fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max)];
    }),
  );
  const errorTable = errors.length === 0 ? '' : table(['error type', 'iterations', 'example'], errors.map((e) => [escapeHtml(e.type), String(e.count), escapeHtml(e.example)]));
  const firstFailures = report.iterations.filter((i) => !i.ok).slice(0, 50);
  const failureTable =
    firstFailures.length === 0 ? '' : `<h3>Failed iterations${failed > 50 ? ' (first 50)' : ''}</h3>` + table(['#', 'tenant', 'due at', 'error type', 'error'], firstFailures.map((i) => [String(i.index), escapeHtml(i.tenant), escapeHtml(i.startedAt), escapeHtml(i.errorType ?? ''), escapeHtml(i.error ?? '')]));
  const warnings = report.warnings.length === 0 ? '' : `<ul class="fail">${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
  const data = JSON.stringify(report).replace(/</g, '\\u003c');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Load report: ${escapeHtml(report.scenario)} ${escapeHtml(report.startedAt)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 960px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } svg { display: block; margin: 8px 0; } svg text { font-size: 11px; fill: #333; } svg .small { font-size: 10px; }
.grid { stroke: #e4e4e4; } .frame { fill: none; stroke: #999; }
.pass { color: #1a7f37; } .fail { color: ${FAILED_COLOR}; } .note { color: #666; font-size: 12px; }
.badge { padding: 2px 8px; border-radius: 4px; color: #fff; font-size: 14px; } .badge.pass { background: #1a7f37; } .badge.fail { background: ${FAILED_COLOR}; }
</style>
</head>
<body>
<h1>Load report: ${escapeHtml(report.scenario)} ${verdict}</h1>
${summary}
${warnings}
<h2>SLA</h2>
${sla}
<h2>Latency over time</h2>
<p class="note">Each dot is one iteration's phase, placed at the time the iteration was due. The first phase and <code>total</code> count from that due time, so a load generator running late shows here as latency.</p>
${latencyChart(report, clientPhases)}
<h2>Percentiles per phase</h2>
<p class="note">Client phases are timed by the tool; the others come from the servers' own events (the time each app wrote them). Nearest-rank percentiles.</p>
${percentileChart(report.phases)}
${phaseTable}
<h2>Errors by type</h2>
${errorChart(errors)}
${errorTable}
${failureTable}
<script type="application/json" id="load-report">${data}</script>
</body>
</html>
`;
  // Nothing in the page may point at the network, not even in an error message.
  return html.replace(/https?:\/\//gi, '');
}

function isServerPhase(report: LoadReport, phase: string): boolean {
  return report.serverPhasesFromEvents && SERVER_PHASE_NAMES.has(phase);
}

const SERVER_PHASE_NAMES = new Set(SERVER_EVENT_SPANS.map((s) => s.phase));
