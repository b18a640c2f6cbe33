package dev.forkpool.pool;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PoolProperties.class)
class PoolConfiguration {

    /** The worker AOT cache lives with the data, so it is built once per data dir and survives restarts. */
    @Bean
    WorkerPool workerPool(PoolProperties props, @Value("${forkpool.data-dir:./data}") Path dataDir) {
        return new WorkerPool(props, dataDir.resolve("worker-cache"));
    }
}
