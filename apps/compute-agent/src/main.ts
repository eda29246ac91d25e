// Entry point of the compute-agent process.
import { bootstrapApp } from '@app/platform';
import { ComputeAgentModule } from './compute-agent.module';

void bootstrapApp({ name: 'compute-agent', module: ComputeAgentModule });
