//! PostgreSQL implementation of the Store.
