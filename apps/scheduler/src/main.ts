// Entry point of the scheduler process.
import { bootstrapApp } from '@app/platform';
import { SchedulerModule } from './scheduler.module';

void bootstrapApp({ name: 'scheduler', module: SchedulerModule });
