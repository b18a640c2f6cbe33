package dev.forkpool.api;

import dev.forkpool.job.IdempotencyTable;
import dev.forkpool.job.JobService;
import dev.forkpool.job.JobStore;
import dev.forkpool.job.ResultSnapshots;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LimitsProperties.class, StreamProperties.class})
class ApiConfiguration {

    @Bean
    IdempotencyTable idempotencyTable(DataSource dataSource, JobStore store, Clock clock) {
        return new IdempotencyTable(dataSource, store, clock, Duration.ofHours(24), Duration.ofMinutes(5));
    }

    @Bean
    IdempotentSubmits idempotentSubmits(IdempotencyTable table, JobService jobs, LimitsProperties limits) {
        return new IdempotentSubmits(table, jobs, limits.maxBody().toBytes());
    }

    @Bean
    ResultSnapshots resultSnapshots(DataSource dataSource, LimitsProperties limits) {
        return new ResultSnapshots(dataSource, limits.maxResultStreams());
    }
}
