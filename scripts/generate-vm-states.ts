// npm run docs:vm-states: writes docs/vm-states.md from the server's allowed-state table
// (libs/domain/src/server/server-allowed-states.ts). Run it after changing the table.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderVmStatesDoc } from '@app/domain/server/vm-states.doc';

const target = join(__dirname, '..', 'docs', 'vm-states.md');
writeFileSync(target, renderVmStatesDoc());
console.log(`wrote ${target}`);
