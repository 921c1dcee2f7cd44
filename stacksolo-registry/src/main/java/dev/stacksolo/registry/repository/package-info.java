/**
 * Internal: one repository per table, each owning that table's SQL and row mapping.
 *
 * <p>The services compose them inside transactions; callers use the services. Public only so that
 * the service package can reach them; not part of the registry's API.
 */
package dev.stacksolo.registry.repository;
