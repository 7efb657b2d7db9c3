package dev.flags.autoconfigure.admin;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps the request bodies the admin API reads on WebFlux ({@code flags.admin.max-request-size}), as
 * {@link FlagsAdminRequestLimit} does on Spring MVC: a body announced as larger fails as soon as it
 * is read, and one that turns out larger while it is read (chunked, no length) fails at the limit.
 * Either way the body's reader fails with {@link RequestTooLargeException}, which
 * {@link ReactiveFlagsAdminProblems} answers with 413. Only requests under the admin base path are
 * decorated; nothing is buffered here.
 */
final class ReactiveFlagsAdminRequestLimit implements WebFilter, Ordered {

    private final String basePath;

    private final long max;

    ReactiveFlagsAdminRequestLimit(String basePath, DataSize limit) {
        this.basePath = basePath;
        this.max = limit.toBytes();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
            return chain.filter(exchange);
        }
        ServerHttpRequest capped = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                if (getHeaders().getContentLength() > max) {
                    return Flux.error(new RequestTooLargeException(max));
                }
                AtomicLong read = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (read.addAndGet(buffer.readableByteCount()) > max) {
                        DataBufferUtils.release(buffer);
                        sink.error(new RequestTooLargeException(max));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(capped).build());
    }
}
