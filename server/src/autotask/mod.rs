//! Autotask REST client: zone discovery, auth headers, typed entities, queries, writes, picklists and rate limits.
