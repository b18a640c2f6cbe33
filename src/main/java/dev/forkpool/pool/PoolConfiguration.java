package dev.forkpool.pool;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PoolProperties.class)
class PoolConfiguration {

    @Bean
    WorkerPool workerPool(PoolProperties props) {
        return new WorkerPool(props);
    }
}
