/**
 * The StackSolo registry: {@link dev.stacksolo.registry.Registry} is the entry point, and every
 * failure is a {@link dev.stacksolo.registry.RegistryException}.
 *
 * <p>Layers, each in its own package: {@code service} (the operations), {@code repository} (one
 * per table, internal), {@code db} (connections, dialects, schema; internal) and {@code types}
 * (records and enums). Nothing public returns or accepts null.
 */
package dev.stacksolo.registry;
