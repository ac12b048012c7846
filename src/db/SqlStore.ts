import type { SqlClient } from './SqlClient.ts';
import { SqlClientTransport } from './SqlClientTransport.ts';
import { SqlFunctionStore } from './SqlFunctionStore.ts';

/**
 * The {@link SqlFunctionStore} over a {@link SqlClient}: PGlite (the embedded default) or
 * PostgreSQL through node-postgres. Run {@link ./migrate.ts} first; closing the store closes `db`.
 */
export class SqlStore extends SqlFunctionStore {
  constructor(db: SqlClient) {
    super(new SqlClientTransport(db));
  }
}
