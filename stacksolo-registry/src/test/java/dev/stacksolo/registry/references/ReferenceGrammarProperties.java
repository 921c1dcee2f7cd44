package dev.stacksolo.registry.references;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.InvalidReferenceException;
import dev.stacksolo.registry.types.Names;
import dev.stacksolo.registry.types.Reference;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The reference grammar, over generated names and arbitrary text. */
class ReferenceGrammarProperties {

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(20)
                .filter(s -> Names.segmentProblem("resource", s).isEmpty());
    }

    @Provide
    Arbitrary<Optional<String>> properties() {
        // a letter, then letters, digits, _ and - (private_key_pem, ipv4_address)
        return Combinators.combine(Arbitraries.strings().alpha().ofLength(1),
                Arbitraries.strings().alpha().numeric().withChars("_-").ofMaxLength(19))
                .as(String::concat).optional();
    }

    @Provide
    Arbitrary<Reference> references() {
        return Combinators.combine(segments().filter(s -> Names.projectNameProblem(s).isEmpty()),
                segments().optional(), segments(), properties())
                .as((project, network, resource, property) -> {
                    String text = "@" + project + network.map(n -> "/" + n).orElse("") + "/" + resource
                            + property.map(p -> "." + p).orElse("");
                    return new Reference(text, project, network, resource, property);
                });
    }

    @Property
    void everyReferenceBuiltFromValidNamesParsesBackToItsParts(@ForAll("references") Reference expected) {
        assertThat(Reference.parse(expected.text())).isEqualTo(expected);
    }

    @Property
    void anyTextEitherParsesOrFailsWithInvalidReference(@ForAll String text) {
        try {
            Reference parsed = Reference.parse(text);
            assertThat(text).startsWith("@" + parsed.project() + "/");
        } catch (InvalidReferenceException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void referenceLikeTextWithAnUppercaseOrUnderscoreIsRefused(@ForAll("references") Reference valid,
            @ForAll("badChars") char bad) {
        int slash = valid.text().indexOf('/');
        String broken = valid.text().substring(0, slash + 1) + bad + valid.text().substring(slash + 1);
        try {
            Reference.parse(broken);
            throw new AssertionError("parsed " + broken);
        } catch (InvalidReferenceException e) {
            assertThat(e.getMessage()).contains(broken);
        }
    }

    @Provide
    Arbitrary<Character> badChars() {
        return Arbitraries.of('A', 'Z', '_', ' ', '$', 'é', '@');
    }
}
