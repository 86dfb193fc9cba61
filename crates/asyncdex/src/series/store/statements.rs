//! Running statements on a store's connection: a query decoded row by row, a write in one
//! transaction.

use rusqlite::{Connection, Params, Row};

use super::error::StoreError;
use super::open::Store;

impl Store {
    pub(super) fn query<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        decode: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let run = || {
            let mut statement = self.conn.prepare_cached(sql)?;
            let rows = statement.query_map(params, decode)?;
            rows.collect::<rusqlite::Result<Vec<T>>>()
        };
        run().map_err(|e| self.at.sqlite(e))
    }

    pub(super) fn in_transaction(
        &self,
        write: impl FnOnce(&Connection) -> rusqlite::Result<()>,
    ) -> Result<(), StoreError> {
        let run = || {
            // Dropped without commit on an error, which rolls back.
            let transaction = self.conn.unchecked_transaction()?;
            write(&transaction)?;
            transaction.commit()
        };
        run().map_err(|e| self.at.sqlite(e))
    }
}
