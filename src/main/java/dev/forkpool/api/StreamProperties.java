package dev.forkpool.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Results streams, events and paging, under {@code forkpool.results}.
 *
 * @param poll the longest a results or events stream waits before reading the store again; a chunk
 *     recorded on this node wakes it at once, so this bounds only how late work done on other nodes
 *     shows up
 * @param eventInterval the least time between two events of one {@code /events} stream; changes in
 *     between are coalesced into the next event
 * @param maxPageSize the largest {@code limit} of one page of {@code GET /jobs/{id}/results}
 */
@Validated
@ConfigurationProperties("forkpool.results")
public record StreamProperties(
        @DefaultValue("250ms") @NotNull Duration poll,
        @DefaultValue("250ms") @NotNull Duration eventInterval,
        @DefaultValue("1000000") @Min(1) @Max(100_000_000) int maxPageSize) {}
