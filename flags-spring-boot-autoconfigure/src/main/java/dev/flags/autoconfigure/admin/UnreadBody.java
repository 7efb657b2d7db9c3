package dev.flags.autoconfigure.admin;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Reads and drops what is left of a refused request body, so that the client gets its 413. A
 * client that sends its whole body before it reads the answer (and, on Tomcat, one that sent
 * {@code Expect: 100-continue}, which Tomcat acknowledges before the application sees the request)
 * would otherwise be cut off mid-send when the server closes the connection, and never read the
 * answer. Nothing is kept, so memory stays bounded; the bytes read are, at {@value #FACTOR} times
 * the limit, after which the server may close the connection as it would have.
 */
final class UnreadBody {

    static final int FACTOR = 16;

    private UnreadBody() {}

    static void discard(HttpServletRequest request, long limit) {
        long budget = limit * FACTOR;
        byte[] buffer = new byte[8192];
        try {
            ServletInputStream in = request.getInputStream();
            for (int n = in.read(buffer); n >= 0 && budget > 0; n = in.read(buffer)) {
                budget -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away, or the body was read as a reader: the answer is sent as it can be.
        }
    }
}
