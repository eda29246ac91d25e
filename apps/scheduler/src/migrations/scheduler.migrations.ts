// The scheduler schema's migrations, oldest first, built for the schema the app runs in (APP_SCHEMA).
// The platform runs the event log's and the consumer tables' migrations first.

import { type AppMigrations, behaviourMatchTablesMigration } from '@app/platform';
import { createSchedulerTablesMigration } from './create-scheduler-tables.migration';

export const schedulerMigrations: AppMigrations = (schema) => [createSchedulerTablesMigration(schema), behaviourMatchTablesMigration(schema)];
