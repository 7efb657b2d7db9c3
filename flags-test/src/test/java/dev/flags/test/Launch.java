package dev.flags.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs test classes on the JUnit platform from inside a test, and reports each test's outcome. */
final class Launch {

    private Launch() {}

    /** One finished test: its display name and, when it failed, the message. */
    record Outcome(String name, boolean passed, String message) {}

    static List<Outcome> run(Map<String, String> configuration, Class<?>... classes) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> type : classes) {
            request.selectors(selectClass(type));
        }
        request.configurationParameters(configuration);
        LauncherDiscoveryRequest built = request.build();
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        LauncherFactory.create().execute(built, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    outcomes.add(new Outcome(
                            test.getDisplayName(),
                            result.getStatus() == TestExecutionResult.Status.SUCCESSFUL,
                            result.getThrowable().map(Throwable::getMessage).orElse("")));
                }
            }
        });
        return List.copyOf(outcomes);
    }
}
