// Where the launcher's output goes. `pretty` (the default in a terminal): every line prefixed
// with the process it comes from, the apps' pino JSON turned into readable lines (pino-pretty).
// `json` (the default otherwise, or STACK_LOG_FORMAT=json): the apps' JSON lines unchanged,
// and every other line (the launcher's own, nats-server's, Postgres's) made a JSON line too,
// so that a log collector reads one format.

import pinoPretty from 'pino-pretty';

const COLORS = [36, 35, 33, 32, 34, 96, 95, 93];
const WIDTH = 13;

export function logFormat(env, stream) {
  const wanted = env.STACK_LOG_FORMAT;
  if (wanted === 'pretty' || wanted === 'json') return wanted;
  if (wanted) throw new Error(`STACK_LOG_FORMAT must be pretty or json, got '${wanted}'`);
  return stream.isTTY ? 'pretty' : 'json';
}

function parseLogLine(text) {
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && 'msg' in value ? value : undefined;
  } catch {
    return undefined;
  }
}

export function createOutput({ format, out = process.stdout, err = process.stderr, color = Boolean(out.isTTY) }) {
  const pretty = pinoPretty.prettyFactory({ colorize: color, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app', singleLine: true });
  const colorOf = new Map();
  const prefix = (source) => {
    if (!colorOf.has(source)) colorOf.set(source, COLORS[colorOf.size % COLORS.length]);
    const label = `${source.padEnd(WIDTH)} |`;
    return color ? `\u001b[${colorOf.get(source)}m${label}\u001b[39m` : label;
  };
  const write = (source, text, stream = out) => {
    for (const line of text.replace(/\n$/, '').split('\n')) stream.write(`${prefix(source)} ${line}\n`);
  };
  const jsonLine = (fields) => out.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), ...fields })}\n`);

  return {
    format,
    /** One line a child process wrote. */
    line(source, text) {
      const record = parseLogLine(text);
      if (format === 'json') return record ? out.write(`${text}\n`) : jsonLine({ app: source, msg: text });
      write(source, record ? pretty(record) : text);
    },
    /** A message of the launcher itself. */
    say(msg, fields = {}, level = 'info') {
      if (format === 'json') return jsonLine({ level, app: 'stack', msg, ...fields });
      write('stack', msg, level === 'error' ? err : out);
    },
    /** The ready banner: text for people, one JSON line with the same facts for machines. */
    banner(text, fields) {
      if (format === 'json') return jsonLine({ app: 'stack', msg: 'ready', ...fields });
      out.write(`\n${text}\n\n`);
    },
  };
}
