package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FlagsSensitiveFlagsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsSensitiveFlagsAutoConfiguration.class));

    @Test
    void sensitiveFlagsNeedReadPermissionFromSpringSecurity() {
        ApplicationContextRunner sensitive = runner.withPropertyValues(
                "flags.definitions.payroll.tags=sensitive",
                "flags.definitions.payroll.default-variant=on",
                "flags.definitions.dark-mode.default-variant=on",
                "flags.admin.permissions.ROLE_HR=READ");
        sensitive.withPropertyValues("flags.admin.sensitive-tag=sensitive").run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            try {
                org.springframework.security.core.context.SecurityContextHolder.getContext()
                        .setAuthentication(new org.springframework.security.authentication.TestingAuthenticationToken(
                                "hana", "x", "ROLE_HR"));
                assertThat(flags.isEnabled("payroll", EvaluationContext.EMPTY)).isTrue();
                org.springframework.security.core.context.SecurityContextHolder.getContext()
                        .setAuthentication(new org.springframework.security.authentication.TestingAuthenticationToken(
                                "gus", "x", "ROLE_GUEST"));
                assertThat(flags.isEnabled("payroll", EvaluationContext.EMPTY)).isFalse();
                assertThat(flags.getBooleanDetails("payroll", false, EvaluationContext.EMPTY)
                                .errorMessage())
                        .isEqualTo("not permitted to evaluate sensitive flag 'payroll'");
                assertThat(flags.isEnabled("dark-mode", EvaluationContext.EMPTY))
                        .as("not sensitive")
                        .isTrue();
            } finally {
                org.springframework.security.core.context.SecurityContextHolder.clearContext();
            }
            assertThat(flags.isEnabled("payroll", EvaluationContext.EMPTY))
                    .as("nobody authenticated")
                    .isFalse();
        });
        sensitive.run(
                context -> assertThat(context.getBean(FlagManager.class).isEnabled("payroll", EvaluationContext.EMPTY))
                        .as("no sensitive tag configured: no check")
                        .isTrue());
        sensitive
                .withPropertyValues("flags.admin.sensitive-tag=sensitive")
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context).doesNotHaveBean("flagsSensitiveFlagGuard"));
    }

    @Test
    void withoutFlagsAdminThereIsNoGuardAndSensitiveFlagsEvaluateAsAnyOther() {
        runner.withPropertyValues(
                        "flags.definitions.payroll.tags=sensitive",
                        "flags.definitions.payroll.default-variant=on",
                        "flags.admin.sensitive-tag=sensitive")
                .withClassLoader(new FilteredClassLoader("dev.flags.admin"))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("flagsSensitiveFlagGuard");
                    assertThat(context.getBean(FlagManager.class).isEnabled("payroll", EvaluationContext.EMPTY))
                            .isTrue();
                });
    }
}
