package dev.flags.autoconfigure.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Virtual threads, checked in the bytecode on any JDK: nothing on the path of an evaluation, the
 * request's memo, the filters and the aspects holds a monitor ({@code synchronized} methods or
 * blocks), so no blocking call can ever pin a carrier thread there on JDK 21 to 23. Where a lock is
 * needed over blocking work (reloading sources, reading the store), the code uses a
 * {@code ReentrantLock}. The JDK 21+ run of the sample with virtual threads
 * ({@code VirtualThreadsPinningTests} in flags-sample-app) checks the same at run time.
 */
class NoMonitorsOnTheRequestPathTests {

    /** The engine, the request context, the aspects and the hooks the starter registers. */
    private static final List<String> PATHS = List.of(
            "dev/flags/*.class",
            "dev/flags/internal/**/*.class",
            "dev/flags/autoconfigure/web/*.class",
            "dev/flags/autoconfigure/webflux/*.class",
            "dev/flags/autoconfigure/aop/*.class",
            "dev/flags/autoconfigure/support/*.class",
            "dev/flags/autoconfigure/metrics/*.class",
            "dev/flags/autoconfigure/tracing/*.class",
            "dev/flags/autoconfigure/reactor/*.class",
            "dev/flags/openfeature/*.class",
            "dev/flags/store/StoreFlagSource*.class");

    /** Registering a hook copies an array under the monitor; it never blocks and is not per request. */
    private static final Set<String> ALLOWED =
            Set.of("dev.flags.FlagManagerCallbacks.addHook", "dev.flags.FlagManagerCallbacks.removeHook");

    @Test
    void noClassOnTheRequestPathHoldsAMonitor() throws IOException {
        List<String> monitors = new ArrayList<>();
        int classes = 0;
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String path : PATHS) {
            for (Resource resource : resolver.getResources("classpath*:" + path)) {
                classes++;
                try (InputStream in = resource.getInputStream()) {
                    new ClassReader(in).accept(new MonitorFinder(monitors), ClassReader.SKIP_DEBUG);
                }
            }
        }
        assertThat(classes).as("classes scanned").isGreaterThan(100);
        assertThat(monitors).isEmpty();
    }

    private static final class MonitorFinder extends ClassVisitor {

        private final List<String> monitors;
        private String className = "";

        MonitorFinder(List<String> monitors) {
            super(Opcodes.ASM9);
            this.monitors = monitors;
        }

        @Override
        public void visit(
                int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name.replace('/', '.');
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            String method = className + "." + name;
            if (ALLOWED.contains(method)) {
                return null;
            }
            if ((access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                monitors.add(method + " is synchronized");
            }
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitInsn(int opcode) {
                    if (opcode == Opcodes.MONITORENTER) {
                        monitors.add(method + " has a synchronized block");
                    }
                }
            };
        }
    }
}
