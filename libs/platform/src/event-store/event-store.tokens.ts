// Injection tokens for the event log as every app sees it.

/** The app's `SqlDb` over its TypeORM DataSource: transactions for appends and consumers. */
export const APP_DB = Symbol('APP_DB');
