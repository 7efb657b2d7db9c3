package dev.flags.autoconfigure.admin;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Caps the request bodies the admin API reads ({@code flags.admin.max-request-size}): a body
 * announced as larger is refused before it is read, and one that turns out larger while it is read
 * (chunked, no length) is cut off at the limit. Either way {@link FlagsAdminProblems} answers 413.
 */
@ControllerAdvice(basePackageClasses = FlagsAdminRequestLimit.class)
final class FlagsAdminRequestLimit extends RequestBodyAdviceAdapter {

    private final DataSize limit;

    FlagsAdminRequestLimit(DataSize limit) {
        this.limit = limit;
    }

    @Override
    public boolean supports(
            MethodParameter methodParameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage inputMessage,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        long max = limit.toBytes();
        long announced = inputMessage.getHeaders().getContentLength();
        if (announced > max) {
            throw new RequestTooLargeException(max);
        }
        InputStream body = new Capped(inputMessage.getBody(), max);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return inputMessage.getHeaders();
            }
        };
    }

    /** Throws once more than {@code max} bytes have been read. */
    private static final class Capped extends FilterInputStream {

        private final long max;
        private long read;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new RequestTooLargeException(max);
            }
        }
    }
}
