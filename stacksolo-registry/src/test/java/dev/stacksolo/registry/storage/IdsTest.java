package dev.stacksolo.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.db.Ids;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Row ids: random version-4 UUIDs, as the TypeScript registry makes them. */
class IdsTest {

    @Test
    void idsAreDistinctVersionFourUuidsInLowercase() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = Ids.newId();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
            assertThat(seen.add(id)).as("id %s made twice", id).isTrue();
        }
    }

    @Test
    void everyRandomBitIsSetInAboutHalfTheIds() {
        int count = 20_000;
        int[] set = new int[128];
        for (int i = 0; i < count; i++) {
            UUID id = UUID.fromString(Ids.newId());
            for (int bit = 0; bit < 64; bit++) {
                set[bit] += (int) (id.getMostSignificantBits() >>> bit) & 1;
                set[64 + bit] += (int) (id.getLeastSignificantBits() >>> bit) & 1;
            }
        }
        for (int bit = 0; bit < 128; bit++) {
            boolean fixed = (bit >= 12 && bit < 16) || bit == 126 || bit == 127; // version and variant
            if (!fixed) {
                // 20,000 fair coins: 50 % ± 2 % is over 5.6 standard deviations (a false alarm ~1e-8 a bit)
                assertThat(set[bit]).as("bit %d", bit).isBetween(count * 48 / 100, count * 52 / 100);
            }
        }
    }
}
