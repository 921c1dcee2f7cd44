/**
 * Internal: connections, transactions, the SQL dialects and the schema migrations.
 *
 * <p>Public only so that the repositories and services (other packages) can use it; not part of
 * the registry's API and free to change. What differs between databases lives behind
 * {@link dev.stacksolo.registry.db.Dialect}, nowhere else.
 */
package dev.stacksolo.registry.db;
