package dev.flags.autoconfigure.ofrep;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A WebFlux application with every auto-configuration (run with
 * {@code spring.main.web-application-type=reactive} on Netty), the OFREP server behind the
 * reactive API-key set-up.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReactiveOfrepApiKeySecurity.class)
class ReactiveOfrepTestApplication {}
