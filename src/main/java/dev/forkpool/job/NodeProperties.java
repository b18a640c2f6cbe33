package dev.forkpool.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * This node's part in claiming work from the shared store, under {@code forkpool.node}.
 *
 * @param id this node's name in leases and job views; empty means host name plus a random suffix
 * @param lease how long a claimed chunk stays this node's without a renewal
 * @param renewEvery how often the node renews the leases of the chunks it runs
 * @param claimBatch the most chunks claimed in one query
 * @param idlePoll the longest wait between looks for new work when nothing woke the node; this is
 *     the worst-case delay before a node picks up a job submitted on another node
 * @param waitPoll how often waiters on jobs that finish on other nodes are checked
 * @param reclaimBatch the most expired chunks one node puts back to ready per renewal period
 * @param completionBatch the most chunk results recorded in one transaction (group commit)
 * @param insertBatch the most submitted jobs inserted in one transaction (group commit of
 *     submits); 1 inserts each job in a transaction of its own
 */
@Validated
@ConfigurationProperties("forkpool.node")
public record NodeProperties(
        @DefaultValue("") String id,
        @DefaultValue("30s") @NotNull Duration lease,
        @DefaultValue("10s") @NotNull Duration renewEvery,
        @DefaultValue("8") @Min(1) @Max(1000) int claimBatch,
        @DefaultValue("1s") @NotNull Duration idlePoll,
        @DefaultValue("250ms") @NotNull Duration waitPoll,
        @DefaultValue("1000") @Min(1) @Max(100_000) int reclaimBatch,
        @DefaultValue("256") @Min(1) @Max(10_000) int completionBatch,
        @DefaultValue("64") @Min(1) @Max(10_000) int insertBatch) {}
