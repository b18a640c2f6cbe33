package dev.forkpool.job;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Job ids as UUID version 7 (RFC 9562): the time of submission in milliseconds in the top 48 bits,
 * then 74 random bits from a {@link SecureRandom}, so an id is as hard to guess as a random UUID
 * is for any practical purpose, while ids submitted close together sort close together.
 *
 * <p>Why not random (version 4) ids: every index that leads with a job id (the jobs' and the
 * chunks' primary keys, the chunks' completion order) then took each new job on a random page.
 * H2 writes a changed page whole at the next store write, so under load every job rewrote several
 * pages of 16 KB: a soak of 5-item jobs grew the H2 file by about 21 KB per job (5.2 GB in three
 * minutes, of which 80 MB was live). With ids in time order, new jobs share the last pages of
 * those indexes. PostgreSQL's B-trees gain the same way.
 */
final class JobIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    JobIds(Clock clock) {
        this.clock = clock;
    }

    UUID next() {
        return at(clock.millis(), RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** The version 7 UUID of this millisecond and these random bits (only 74 of the 128 are used). */
    static UUID at(long epochMillis, long randomHigh, long randomLow) {
        long msb = (epochMillis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long lsb = (randomLow & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
