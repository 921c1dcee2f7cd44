package dev.stacksolo.registry.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the registry contract, run once on a fresh SQLite file and once on a fresh PostgreSQL
 * schema: one set of tests, two databases. The test method takes a
 * {@link dev.stacksolo.registry.Registry} parameter (and optionally a {@link Backend}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(BothDatabases.class)
public @interface RegistryTest {}
