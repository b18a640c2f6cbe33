package dev.forkpool.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * API keys through Spring Security: a bearer key names an owner and a role, and the rules below
 * say which role may call what. Jobs of other owners are hidden by the API itself (404).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final String SUBMITTER = Role.SUBMITTER.name();
    private static final String ADMIN = Role.ADMIN.name();

    /**
     * No Micrometer observation per security filter, authentication and authorization: with them
     * the filter chain cost a small job more than its store writes (a JFR profile), and nothing
     * reads them; {@code http.server.requests} still times every request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    Keys apiKeys(SecurityProperties props) {
        Keys keys = Keys.load(props);
        if (keys.isEmpty()) {
            log.warn("No API keys configured (forkpool.security.keys or forkpool.security.keys-file): every"
                    + " request is owner 'anonymous' with every right.");
        } else {
            log.info("{} API keys configured", keys.size());
        }
        return keys;
    }

    @Bean
    ProtectedMode protectedMode(
            SecurityProperties props,
            Keys keys,
            ServerProperties server,
            ObjectProvider<ManagementServerProperties> management) {
        return new ProtectedMode(keys.isEmpty() && !props.allowAnonymous(), server, management);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, Keys keys) throws Exception {
        AuthenticationFilter authentication = new AuthenticationFilter(
                new ProviderManager(new KeyAuthenticationProvider(keys)), new BearerKeyConverter(keys.isEmpty()));
        authentication.setSuccessHandler((request, response, auth) -> {});
        authentication.setFailureHandler((request, response, e) -> ProblemResponses.unauthorized(response, true));
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterAt(authentication, BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(
                                (request, response, ex) -> ProblemResponses.unauthorized(response, false))
                        .accessDeniedHandler((request, response, ex) -> ProblemResponses.forbidden(response)))
                .authorizeHttpRequests(a -> a
                        // The jobs page asks for a key itself (/ only redirects to it); the API
                        // description is public.
                        .requestMatchers(
                                "/error",
                                "/",
                                "/ui",
                                "/ui/**",
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/swagger-ui.html",
                                "/swagger-ui/**")
                        .permitAll()
                        // Management port: status and metrics for the monitoring network; details,
                        // the pool (pids, job ids) and the nodes (host names) for admins only.
                        .requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/jobs/**")
                        .hasAnyRole(SUBMITTER, ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/jobs/**")
                        .hasAnyRole(SUBMITTER, ADMIN)
                        .anyRequest()
                        .authenticated());
        return http.build();
    }
}
