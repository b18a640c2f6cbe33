package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobIdsTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private final JobIds ids = new JobIds(clock);

    @Test
    void anIdIsAVersion7UuidThatCarriesItsMillisecond() {
        long millis = Instant.parse("2026-11-30T09:00:00.123Z").toEpochMilli();
        UUID id = JobIds.at(millis, -1L, -1L);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
        assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF));
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsTheDatabasesCompareThem() {
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            made.add(ids.next());
            clock.advance(java.time.Duration.ofMillis(1));
        }
        // H2 and PostgreSQL compare UUIDs as unsigned bytes, which is the order of their text form.
        List<String> text = made.stream().map(UUID::toString).toList();
        assertThat(text).isSorted();
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        Set<UUID> made = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next());
        }
        assertThat(made).hasSize(10_000);
    }
}
