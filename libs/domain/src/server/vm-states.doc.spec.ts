// docs/vm-states.md is generated from the allowed-state table: this fails while the committed
// page differs from the generator's output (run `npm run docs:vm-states`), and while the
// status guide names a status no history reaches, or misses one.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SITUATIONS } from './server.fixtures';
import { serverStatus } from './server-status';
import { SERVER_STATUS_GUIDE, renderVmStatesDoc } from './vm-states.doc';

describe('docs/vm-states.md', () => {
  it('is up to date with the allowed-state table (npm run docs:vm-states)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'vm-states.md'), 'utf8');
    expect(committed).toBe(renderVmStatesDoc());
  });

  it('explains exactly the statuses a server can reach', () => {
    const guide = SERVER_STATUS_GUIDE.map((s) => serverStatus(s.vmState, s.taskState)).sort();
    const reached = [...new Set(SITUATIONS.filter((s) => s.vmState !== null).map((s) => serverStatus(s.vmState!, s.taskState)))].sort();
    expect(guide).toEqual(reached);
  });
});
