// A chaos run's report as text for the terminal: the run, the load's summary, each kill and
// bus fault, how the stack settled, one line per invariant with its violations, the verdict.

import { textSummary } from '../load/text-summary';
import { formatInvariantReport } from './invariants';
import type { ChaosReport } from './run-chaos';

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** The first line of a message, cut at 300 characters (the JSON report keeps it whole). */
const brief = (text: string) => {
  const line = text.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
};

export function formatChaosReport(r: ChaosReport, limit = 20): string {
  const lines: string[] = [];
  lines.push(`chaos run ${r.startedAt}, seed ${r.seed}, ${r.stack.mode} stack (${r.stack.baseUrl}, database ${r.stack.database}, namespace ${r.stack.namespace || '(none)'}), ${r.seconds.toFixed(1)} s`);
  lines.push('');
  if (r.load) {
    lines.push(...textSummary(r.load).split('\n').map((line) => (line ? `  ${line}` : '')));
    const accepted = r.load.servers.filter((x) => x.accepted);
    const finals: Record<string, number> = {};
    for (const x of accepted) finals[x.finalStatus ?? 'unknown'] = (finals[x.finalStatus ?? 'unknown'] ?? 0) + 1;
    lines.push(`  servers: ${r.load.servers.length} asked for, ${accepted.length} accepted; last status the client saw: ${Object.entries(finals).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`);
  } else {
    lines.push(`  load: did not run (${r.loadError ?? 'unknown'})`);
  }
  lines.push('');
  lines.push(`kills (${r.kills.length} of ${r.plan.kills.length} planned):`);
  for (const k of r.kills) {
    const back = k.readyAtMs === null ? `did NOT come back${k.error ? `: ${brief(k.error)}` : ''}` : `ready again at +${s(k.readyAtMs)} (pid ${k.newPid}, ${s(k.readyAtMs - k.killedAtMs)} after the kill)`;
    lines.push(`  +${s(k.killedAtMs).padStart(7)} SIGKILL ${k.app.padEnd(13)} pid ${String(k.pid).padEnd(7)} ${k.duringLoad ? 'during the load' : 'after the load '}  ${back}`);
  }
  if (r.plan.busFaults.length > 0) {
    lines.push(`bus faults (${r.busFaults.length} of ${r.plan.busFaults.length} turned on):`);
    for (const f of [...r.plan.busFaults].sort((a, b) => a.afterMs - b.afterMs)) lines.push(`  +${s(f.afterMs).padStart(7)} ${f.consumer}: ${f.mode} p=${f.probability}${f.mode === 'delay' ? ` ${f.delayMs} ms` : ''} for ${s(f.durationMs)} (behaviour ${f.id})`);
  }
  if (r.crashed.length > 0) lines.push(`found dead and restarted: ${r.crashed.join(', ')}`);
  lines.push(`settle: ${r.settle.settled ? `settled in ${r.settle.seconds.toFixed(1)} s` : `NOT settled after ${r.settle.seconds.toFixed(1)} s: ${r.settle.unmet.join('; ')}`}`);
  lines.push('');
  lines.push(...formatInvariantReport(r.invariants, limit));
  for (const p of r.problems) lines.push(`problem: ${brief(p)}`);
  lines.push(r.ok ? 'chaos: PASSED, every invariant holds' : `chaos: FAILED (${r.invariants.violations.length} violation(s)${r.problems.length ? `, ${r.problems.length} problem(s)` : ''})`);
  return lines.join('\n');
}
