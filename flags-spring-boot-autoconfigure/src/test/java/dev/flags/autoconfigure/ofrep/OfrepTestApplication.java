package dev.flags.autoconfigure.ofrep;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** An application with every auto-configuration, the OFREP server behind the API-key set-up. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OfrepApiKeySecurity.class)
class OfrepTestApplication {}
