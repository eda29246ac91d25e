// npm run load -- <scenario> [options]: a Rally-style load run against a running stack, with a
// progress bar, SLA checks that set the exit code, and JSON and HTML reports. Usage in
// cli-args.ts (USAGE) and docs/load-testing.md. Ctrl-C once stops starting iterations and
// reports the ones that ran; twice quits at once.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type CliCommand, parseCli, USAGE } from './cli-args';
import { renderHtmlReport } from './html-report';
import { EXIT_CANNOT_RUN, exitCodeOf, LoadArgumentError, type LoadReport, LoadSetupError, runLoad } from './run-load';
import { textSummary } from './text-summary';

function targetOf(baseUrl: string): string {
  return baseUrl.replace(/^https?:\/\//, '');
}

function writeReports(command: CliCommand, report: LoadReport): void {
  if (command.outJson) writeFileSync(command.outJson, `${JSON.stringify(report, null, 2)}\n`);
  if (command.outHtml) writeFileSync(command.outHtml, renderHtmlReport(report, { target: targetOf(command.options.baseUrl) }));
}

async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCli(argv);
  } catch (error) {
    if (!(error instanceof LoadArgumentError)) throw error;
    console.error(`load: ${error.message}\n\n${USAGE}`);
    return EXIT_CANNOT_RUN;
  }
  if (command.help) {
    console.log(USAGE);
    return 0;
  }
  for (const file of [command.outJson, command.outHtml]) {
    try {
      if (file) mkdirSync(dirname(resolve(file)), { recursive: true });
    } catch (error) {
      console.error(`load: cannot write ${file}: ${(error as Error).message}`);
      return EXIT_CANNOT_RUN;
    }
  }
  const abort = new AbortController();
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(130);
    console.error('\nload: stopping: no new iterations; waiting for the running ones (Ctrl-C again to quit)');
    abort.abort();
  });
  let report: LoadReport;
  try {
    report = await runLoad({ ...command.options, signal: abort.signal });
  } catch (error) {
    if (error instanceof LoadArgumentError || error instanceof LoadSetupError) {
      console.error(`load: ${error.message}`);
      return EXIT_CANNOT_RUN;
    }
    throw error;
  }
  console.log(textSummary(report));
  try {
    writeReports(command, report);
  } catch (error) {
    console.error(`load: cannot write the report: ${(error as Error).message}`);
    return EXIT_CANNOT_RUN;
  }
  if (command.outJson) console.log(`JSON report: ${command.outJson}`);
  if (command.outHtml) console.log(`HTML report: ${command.outHtml}`);
  return exitCodeOf(report);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error('load: failed:', error);
    process.exit(EXIT_CANNOT_RUN);
  },
);
