package dev.flags.sample;

import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The admin API flows of the README, against the sample's own store and demo users. */
@Import(SampleClock.class)
@SpringBootTest(properties = "flags.admin.cleanup.interval=1h") // own context: these tests change flags
@AutoConfigureMockMvc
class ShopAdminApiTests {

    static final String API = "/flags-admin/api";

    @Autowired
    MockMvc mvc;

    @Test
    void editorWidensTheRolloutAndAdminPullsTheKillSwitchWithTheShopFollowingAtOnce() throws Exception {
        // ann is outside the 50% rollout of the new checkout.
        mvc.perform(get("/checkout").header("X-User-Id", "ann"))
                .andExpect(jsonPath("$.checkout").value("legacy"));
        mvc.perform(get(API + "/flags/new-checkout").with(httpBasic("viewer", "viewer-pass")))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"1\""))
                .andExpect(jsonPath("$.definition.owner").value("checkout-team"));

        mvc.perform(put(API + "/flags/new-checkout/serve")
                        .with(httpBasic("editor", "editor-pass"))
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"distribution\": {\"on\": 100, \"off\": 0}}"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"2\""));
        mvc.perform(get("/checkout").header("X-User-Id", "ann"))
                .andExpect(jsonPath("$.checkout").value("new"));

        mvc.perform(post(API + "/flags/new-checkout/emergency-off")
                        .with(httpBasic("admin", "admin-pass"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"checkout errors after deploy\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.definition.status").value("emergency-off"));
        mvc.perform(get("/checkout").header("X-User-Id", "ann"))
                .andExpect(jsonPath("$.checkout").value("legacy"));

        mvc.perform(get(API + "/audit").with(httpBasic("viewer", "viewer-pass")).param("flag", "new-checkout"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].action").value("STATUS_CHANGE"))
                .andExpect(jsonPath("$[0].actor").value("admin"))
                .andExpect(jsonPath("$[0].reason").value("checkout errors after deploy"))
                .andExpect(jsonPath("$[1].actor").value("editor"))
                .andExpect(jsonPath("$[2].action").value("SEED_IMPORT"));
    }

    @Test
    void refusalsAreProblemDetails() throws Exception {
        // Unauthenticated: Spring Security's HTTP Basic challenge.
        mvc.perform(get(API + "/flags")).andExpect(status().isUnauthorized());
        // A viewer may read but not write: 403 from the admin service.
        mvc.perform(put(API + "/flags/pricing/weights")
                        .with(httpBasic("viewer", "viewer-pass"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"standard\": 0, \"discount\": 100}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.permission").value("WRITE"));
        // A stale ETag: 412.
        mvc.perform(put(API + "/flags/pricing/weights")
                        .with(httpBasic("editor", "editor-pass"))
                        .header(HttpHeaders.IF_MATCH, "\"99\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"standard\": 0, \"discount\": 100}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.currentVersion").value(1));
        // An invalid definition: 400 with every error and its path.
        mvc.perform(
                        put(API + "/flags/banner")
                                .with(httpBasic("editor", "editor-pass"))
                                .header(HttpHeaders.IF_MATCH, "\"1\"")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"type\": \"string\", \"variants\": {\"none\": \"\"}, \"default-variant\": \"sale\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].path", hasItem("flags.banner.default-variant")));
        // An illegal transition: 409 with the allowed ones.
        mvc.perform(post(API + "/flags/banner/status")
                        .with(httpBasic("editor", "editor-pass"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"draft\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.allowed", hasItem("paused")));
        // Unknown flag: 404.
        mvc.perform(get(API + "/flags/nope").with(httpBasic("viewer", "viewer-pass")))
                .andExpect(status().isNotFound());
    }

    @Test
    void staleReportThroughTheApiAndActuator() throws Exception {
        mvc.perform(get(API + "/stale").with(httpBasic("viewer", "viewer-pass")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.findings").isArray());
        mvc.perform(get("/actuator/flags"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stale").isArray());
    }
}
