package dev.flags.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets a front end served from another origin (a development server, a CDN) call the shop's OFREP
 * endpoints, from the origins in {@code shop.ofrep.allowed-origins}. The OFREP providers send JSON
 * and {@code If-None-Match}, so browsers ask first (a preflight); they read {@code ETag} and
 * {@code Retry-After}, which a cross-origin answer must expose, or polling never gets a 304. The
 * change stream is a plain cross-origin {@code GET}.
 */
@Configuration(proxyBeanMethods = false)
class OfrepCorsConfiguration implements WebMvcConfigurer {

    private final String basePath;

    private final String[] allowedOrigins;

    OfrepCorsConfiguration(
            @Value("${flags.ofrep.base-path:/ofrep}") String basePath,
            @Value("${shop.ofrep.allowed-origins}") String[] allowedOrigins) {
        this.basePath = basePath;
        this.allowedOrigins = allowedOrigins.clone();
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping(basePath + "/**")
                .allowedOriginPatterns(allowedOrigins)
                .allowedMethods("GET", "POST")
                .allowedHeaders("Content-Type", "If-None-Match", "Last-Event-ID", "Authorization", "X-API-Key")
                .exposedHeaders("ETag", "Retry-After")
                .maxAge(3600);
    }
}
