// Entry point of the compute-agent process: its own settings are checked first (one line on
// stderr and exit 1 when wrong, like the platform's), then the app starts.
import { bootstrapApp, ConfigError } from '@app/platform';
import { ComputeAgentModule } from './compute-agent.module';
import { type ComputeAgentConfig, loadComputeAgentConfig } from './config/compute-agent-config';

function computeAgentConfigOrExit(): ComputeAgentConfig {
  try {
    return loadComputeAgentConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

void bootstrapApp({ name: 'compute-agent', module: ComputeAgentModule.with(computeAgentConfigOrExit()) });
