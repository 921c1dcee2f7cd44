package dev.stacksolo.registry.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's complete library example ("The library") compiles against the library as written,
 * imports included, and prints the value it resolves when run as a program of its own on a fresh
 * registry: a reader who pastes it gets what the README says.
 */
class ReadmeExampleTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path folder;

    @Test
    void theReadmesLibraryExampleCompilesAndRuns() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## The library"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Matcher block = JAVA_BLOCK.matcher(section);
        assertThat(block.find()).as("a java block in the README's library section").isTrue();
        String source = block.group(1);
        assertThat(source).contains("public class RegistryExample").contains("import dev.stacksolo.registry.Registry;");

        Path sources = Files.createDirectories(folder.resolve("src"));
        Path classes = Files.createDirectories(folder.resolve("classes"));
        Path file = Files.writeString(sources.resolve("RegistryExample.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-Xlint:all", "-Werror", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertThat(compiled).as("javac of the README's example (errors above)").isZero();

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), "RegistryExample");
        builder.environment().remove("STACKSOLO_REGISTRY_URL");
        builder.environment().put("STACKSOLO_REGISTRY_PATH", folder.resolve("registry.db").toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines()).containsExactly("postgresql://app@10.0.0.5/users");
        assertThat(folder.resolve("registry.db")).as("the example opened the default location").exists();
    }
}
