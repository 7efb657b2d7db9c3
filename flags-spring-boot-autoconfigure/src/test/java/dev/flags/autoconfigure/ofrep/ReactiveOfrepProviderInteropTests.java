package dev.flags.autoconfigure.ofrep;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Every case of {@link OfrepProviderInteropTests} against the WebFlux binding on Netty: OpenFeature's
 * Java OFREP provider talking to the reactive server returns what our provider returns in-process,
 * with the same two asserted differences.
 */
@SpringBootTest(
        classes = ReactiveOfrepTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "flags.ofrep.enabled=true",
            "flags.sources=classpath:openfeature/test-flags.yml"
        })
class ReactiveOfrepProviderInteropTests extends OfrepProviderInteropTests {}
