// The shape of an app's migration list: built for the schema the app runs in, since APP_SCHEMA
// can move it (TypeORM instantiates migration classes itself, so the schema is closed over).

import type { MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

/** `(schema) => [FirstMigration, SecondMigration, ...]`, oldest first. */
export type AppMigrations = (schema: string) => MigrationClass[];
