// The network schema's migrations, oldest first, built for the schema the app runs in (APP_SCHEMA).
// The platform runs the event log's and the consumer tables' migrations first.

import type { AppMigrations } from '@app/platform';
import { createAllocatedAddressesMigration } from './create-allocated-addresses.migration';
import { createSecurityGroupsMigration } from './create-security-groups.migration';

export const networkMigrations: AppMigrations = (schema) => [createAllocatedAddressesMigration(schema), createSecurityGroupsMigration(schema)];
