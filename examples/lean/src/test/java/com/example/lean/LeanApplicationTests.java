package com.example.lean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flags.FlagManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.ClassUtils;

@SpringBootTest
@AutoConfigureMockMvc
class LeanApplicationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dev.flags.openfeature.FlagsProvider",
                "dev.openfeature.sdk.OpenFeatureAPI",
                "dev.flags.experiment.Experiments",
                "dev.flags.admin.FlagAdmin",
                "dev.flags.store.FlagStore"
            })
    void excludedModulesAreAbsent(String className) {
        assertThat(ClassUtils.isPresent(className, getClass().getClassLoader())).isFalse();
    }

    @Test
    void theEngineServesFlagsAndTheToggleFallsBack() throws Exception {
        assertThat(context.getBean(FlagManager.class).getString("salutation", "?"))
                .isEqualTo("Hi");
        mvc.perform(get("/greeting"))
                .andExpect(status().isOk())
                .andExpect(content().string("Hello"));
        mvc.perform(get("/greeting").header("X-User-Groups", "beta"))
                .andExpect(status().isOk())
                .andExpect(content().string("Hi, beta tester"));
    }

    @Test
    void actuatorListsTheFlagsAndReportsTheirHealth() throws Exception {
        mvc.perform(get("/actuator/flags"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.flags[*].key").value(org.hamcrest.Matchers.contains("greeting", "salutation")));
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.flags.status").value("UP"));
    }
}
