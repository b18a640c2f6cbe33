package dev.forkpool.ui;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The jobs page: static files under {@code classpath:/static/ui/}, served at {@code /ui/}, with
 * {@code /} and {@code /ui} sending the browser there.
 */
@Configuration(proxyBeanMethods = false)
class UiConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", "/ui/");
        registry.addRedirectViewController("/ui", "/ui/");
        registry.addViewController("/ui/").setViewName("forward:/ui/index.html");
    }

    @Bean
    FilterRegistrationBean<UiHeadersFilter> uiHeadersFilter() {
        var registration = new FilterRegistrationBean<>(new UiHeadersFilter());
        registration.addUrlPatterns("/ui", "/ui/*");
        return registration;
    }
}
