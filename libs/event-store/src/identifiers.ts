// SQL identifiers built from configuration (schema names) are checked and quoted here, once.

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a lower-case SQL identifier; anything else is a configuration error. */
export function quoteIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a valid schema or table name: '${name}' (expected ${IDENT})`);
  return `"${name}"`;
}
