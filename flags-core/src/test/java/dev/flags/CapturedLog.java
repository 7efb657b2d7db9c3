package dev.flags;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the code under test logs while it runs: the tests log through slf4j-simple, which writes to
 * the {@code System.err} of the moment. Shared with other modules through the test jar.
 */
public final class CapturedLog {

    private CapturedLog() {}

    /** Runs {@code action} and returns what was logged meanwhile. */
    public static String during(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** How often {@code text} occurs in {@code log}. */
    public static int count(String log, String text) {
        int count = 0;
        for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + text.length())) {
            count++;
        }
        return count;
    }
}
