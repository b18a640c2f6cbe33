package dev.forkpool.api;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The actuator's own filters. Listed in ManagementContextConfiguration.imports, so they also run
 * in the management port's child context (as a plain configuration they cover the shared port).
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
class ActuatorFilters {

    @Bean
    FilterRegistrationBean<ActuatorNotFoundFilter> actuatorNotFoundFilter() {
        FilterRegistrationBean<ActuatorNotFoundFilter> registration =
                new FilterRegistrationBean<>(new ActuatorNotFoundFilter());
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }
}
