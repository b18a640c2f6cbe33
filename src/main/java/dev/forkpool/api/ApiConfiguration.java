package dev.forkpool.api;

import dev.forkpool.job.ResultSnapshots;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
class ApiConfiguration {

    @Bean
    FilterRegistrationBean<ActuatorNotFoundFilter> actuatorNotFoundFilter() {
        FilterRegistrationBean<ActuatorNotFoundFilter> registration =
                new FilterRegistrationBean<>(new ActuatorNotFoundFilter());
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }

    @Bean
    ResultSnapshots resultSnapshots(DataSource dataSource, Clock clock, LimitsProperties limits) {
        return new ResultSnapshots(dataSource, clock, limits.maxResultStreams());
    }
}
