package dev.forkpool.job;

import dev.forkpool.function.FunctionCatalog;
import dev.forkpool.pool.WorkerPool;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
    JobProperties.class,
    NodeProperties.class,
    RetentionProperties.class,
    QuotaProperties.class
})
class JobConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FunctionCatalog functionCatalog() {
        return FunctionCatalog.load(JobConfiguration.class.getClassLoader());
    }

    /** This node's id: configured, or the host name with a random suffix so two nodes on one host differ. */
    @Bean
    @Qualifier("nodeId")
    String nodeId(NodeProperties node) {
        if (!node.id().isBlank()) {
            return node.id();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        return host + "-" + HexFormat.of().formatHex(suffix);
    }

    @Bean
    JobStore jobStore(DataSource dataSource, TransactionTemplate tx, Clock clock) {
        return new JobStore(dataSource, tx, clock);
    }

    @Bean
    NodeRegistry nodeRegistry(DataSource dataSource, Clock clock) {
        return new NodeRegistry(dataSource, clock);
    }

    @Bean
    RetentionPurger retentionPurger(
            JobStore store, NodeRegistry nodes, RetentionProperties props, Clock clock, StorageCeiling ceiling) {
        return new RetentionPurger(store, nodes, props, clock, ceiling);
    }

    @Bean
    NodesEndpoint nodesEndpoint(NodeRegistry nodes, NodeProperties node, @Qualifier("nodeId") String nodeId) {
        return new NodesEndpoint(nodes, node, nodeId);
    }

    @Bean("store")
    StoreHealthIndicator storeHealthIndicator(JobStore store, NodeRegistry nodes, NodeProperties node) {
        return new StoreHealthIndicator(store, nodes, node);
    }

    @Bean
    JobResults jobResults(DataSource dataSource) {
        return new JobResults(dataSource);
    }

    @Bean
    JobWaiters jobWaiters() {
        return new JobWaiters();
    }

    @Bean
    JobEvents jobEvents(JobWaiters waiters, List<JobListener> listeners) {
        return new JobEvents(waiters, listeners);
    }

    @Bean
    Dispatcher dispatcher(
            JobStore store,
            WorkerPool pool,
            NodeProperties node,
            @Qualifier("nodeId") String nodeId,
            JobProperties props,
            JobEvents events,
            NodeRegistry nodes,
            CompletionBatcher completions,
            DataSource dataSource,
            TransactionTemplate tx,
            FunctionCosts costs,
            FunctionCatalog functions,
            Clock clock) {
        CpuCap cpuCap = new CpuCap(dataSource, tx, props.maxJobCpu(), store, pool, events, clock);
        Dispatcher dispatcher = new Dispatcher(
                store,
                pool,
                node,
                nodeId,
                new OutcomeHandler(store, completions, nodeId, props.maxAttempts(), events, cpuCap),
                nodes,
                completions,
                costs,
                functions,
                clock);
        events.setDispatcherWake(dispatcher::wake);
        return dispatcher;
    }

    /** PostgreSQL's push for work submitted on other nodes; idle on H2. */
    @Bean
    ReadyListener readyListener(
            DataSource dataSource, JobStore store, Dispatcher dispatcher, JobWaiters waiters, NodeProperties node) {
        return new ReadyListener(
                dataSource,
                store.dialect(),
                dispatcher::wake,
                waiters::finished,
                node.idlePoll().toMillis());
    }

    /** Starts before the pool and stops after it, so every result the pool reports is recorded. */
    @Bean
    CompletionBatcher completionBatcher(
            JobStore store, NodeProperties node, @Qualifier("nodeId") String nodeId, WorkerPool pool) {
        return new CompletionBatcher(store, nodeId, node.completionBatch(), pool.getPhase() - 1);
    }

    @Bean
    NodeUpkeep nodeUpkeep(
            JobStore store,
            WorkerPool pool,
            NodeProperties node,
            @Qualifier("nodeId") String nodeId,
            JobWaiters waiters,
            NodeRegistry nodes,
            Dispatcher dispatcher) {
        return new NodeUpkeep(
                node,
                new LeaseRenewal(store, nodes, node, nodeId),
                new ExpiredLeaseReclaim(store, node, dispatcher::wake),
                new StopJobsFinishedElsewhere(store, pool, dispatcher::runningJobs),
                () -> waiters.poll(store));
    }

    @Bean
    JobService jobService(
            JobStore store,
            FunctionCatalog functions,
            WorkerPool pool,
            JobProperties props,
            JobWaiters waiters,
            JobEvents events,
            @Qualifier("nodeId") String nodeId,
            FunctionCosts costs,
            Dispatcher dispatcher,
            NodeProperties node,
            DataSource dataSource,
            QuotaProperties quotas,
            StorageCeiling ceiling,
            Clock clock) {
        return new JobService(
                store,
                functions,
                pool,
                props,
                waiters,
                events,
                nodeId,
                costs,
                dispatcher,
                node.lease(),
                new InsertBatcher(store, node.insertBatch(), InsertBatcher.MAX_BATCH_CHUNKS),
                new OwnerQuotas(dataSource, quotas, ceiling, clock),
                clock);
    }

    @Bean
    StorageCeiling storageCeiling(DataSource dataSource, JobStore store, QuotaProperties quotas, MeterRegistry meters) {
        return new StorageCeiling(dataSource, store, quotas.maxStoredBytes().toBytes(), meters);
    }

    /** Learns each function's cost per item from finished chunks (a listener of the job events). */
    @Bean
    FunctionCosts functionCosts() {
        return new FunctionCosts();
    }
}
