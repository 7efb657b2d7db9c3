package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.Permission;
import dev.flags.admin.SeedMode;
import dev.flags.definition.DefinitionsReader;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class FlagsAdminControllerTests {

    static final String API = "/flags-admin/api";

    static final String FLAGS = """
            flags:
              checkout:
                owner: checkout-team
                default-variant: on
              rollout:
                owner: growth-team
                default-variant: off
                rules:
                  - id: beta
                    when:
                      - attribute: groups
                        operator: contains
                        value: beta
                    serve: on
                fallthrough:
                  distribution: { on: 5, off: 95 }
            segments:
              staff:
                included: [alice]
            """;

    static final Map<String, Actor> ACTORS = Map.of(
            "viewer", Actor.of("viewer", Permission.READ),
            "editor", Actor.of("editor", Permission.READ, Permission.WRITE),
            "admin", Actor.of("admin", Permission.values()),
            "growth", Actor.of("growth", Permission.READ, Permission.WRITE).withOwners("growth-team"));

    final FlagStore store;

    final InspectableFlagManager flags;

    final MockMvc mvc;

    FlagsAdminControllerTests() {
        this.store = FlagStores.inMemory();
        this.flags = seededManager(store);
        this.mvc = mvc(store, flags);
    }

    static InspectableFlagManager seededManager(FlagStore store) {
        FlagAdmin.builder(store)
                .build()
                .seed(Actor.system("system:seed"), DefinitionsReader.read("test.yml", FLAGS), SeedMode.IMPORT_MISSING);
        return FlagManager.builder().source(FlagStores.source(store)).build();
    }

    static MockMvc mvc(FlagStore store, InspectableFlagManager flags) {
        FlagAdmin admin = FlagAdmin.builder(store).flagManager(flags).build();
        FlagsAdminActorResolver actors = request -> {
            String name = request.getHeader("X-Actor");
            return name == null ? Actor.ANONYMOUS : ACTORS.get(name);
        };
        return MockMvcBuilders.standaloneSetup(new FlagsAdminController(admin, actors))
                .setControllerAdvice(new FlagsAdminProblems())
                .build();
    }

    @AfterEach
    void close() {
        flags.close();
    }

    @Test
    void aBodyNotSentAsJsonIsA415Problem() throws Exception {
        mvc.perform(post(API + "/flags")
                        .header("X-Actor", "editor")
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("key=x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, "application/problem+json"))
                .andExpect(jsonPath("$.title").value("Unsupported media type"))
                .andExpect(jsonPath("$.detail").value("Send the body as application/json, not text/plain"));
    }

    @Test
    void meShowsTheCallersNameSortedPermissionsAndScope() throws Exception {
        mvc.perform(get(API + "/me").header("X-Actor", "growth"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .json(
                                "{\"name\":\"growth\",\"permissions\":[\"READ\",\"WRITE\"],\"owners\":[\"growth-team\"],\"tags\":[]}",
                                org.springframework.test.json.JsonCompareMode.STRICT));
        mvc.perform(get(API + "/me")).andExpect(status().isUnauthorized());
    }

    @Test
    void transitionsSayWhetherTheCallerMayMakeEachMoveWithinItsScope() throws Exception {
        mvc.perform(get(API + "/flags/rollout/transitions").header("X-Actor", "growth"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("active"))
                .andExpect(jsonPath("$.transitions[*].status", contains("scheduled", "paused", "emergency-off")))
                .andExpect(jsonPath("$.transitions[*].permitted", contains(true, true, false)));
        // Outside its scope, the same caller may make none of them.
        mvc.perform(get(API + "/flags/checkout/transitions").header("X-Actor", "growth"))
                .andExpect(jsonPath("$.transitions[*].permitted", contains(false, false, false)));
    }

    @Test
    void fromEmergencyOffTheOnlyWayOutIsRestoreForAnAdministrator() throws Exception {
        mvc.perform(post(API + "/flags/checkout/emergency-off")
                        .header("X-Actor", "admin")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"incident\"}"))
                .andExpect(status().isOk());
        mvc.perform(get(API + "/flags/checkout/transitions").header("X-Actor", "editor"))
                .andExpect(jsonPath("$.status").value("emergency-off"))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath(
                        "$.transitions[*].status", contains("active", "scheduled", "draft", "paused", "archived")))
                .andExpect(jsonPath("$.transitions[*].via", everyItem(is("restore"))))
                .andExpect(jsonPath("$.transitions[*].permission", everyItem(is("ADMIN"))))
                .andExpect(jsonPath("$.transitions[*].permitted", everyItem(is(false))));
        mvc.perform(get(API + "/flags/checkout/transitions").header("X-Actor", "admin"))
                .andExpect(jsonPath("$.transitions[*].permitted", everyItem(is(true))));
    }

    @Test
    void listsAndGetsFlagsWithTheirVersionAsETag() throws Exception {
        mvc.perform(get(API + "/flags").header("X-Actor", "viewer"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].key", contains("checkout", "rollout")));
        mvc.perform(get(API + "/flags/rollout").header("X-Actor", "viewer"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"1\""))
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.definition.owner").value("growth-team"))
                .andExpect(jsonPath("$.definition.rules[0].id").value("beta"));
    }

    @Test
    void unknownFlagIs404Problem() throws Exception {
        mvc.perform(get(API + "/flags/nope").header("X-Actor", "viewer"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.title").value("Not found"));
    }

    @Test
    void unauthenticatedIs401AndMissingPermissionIs403() throws Exception {
        mvc.perform(get(API + "/flags"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete(API + "/flags/rollout").param("reason", "x")).andExpect(status().isUnauthorized());
        mvc.perform(put(API + "/flags/rollout/weights")
                        .header("X-Actor", "viewer")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"on\": 25, \"off\": 75}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.permission").value("WRITE"));
        assertThat(store.flag("rollout").version()).isEqualTo(1);
    }

    @Test
    void scopedActorEditsOnlyItsTeamsFlags() throws Exception {
        mvc.perform(put(API + "/flags/rollout/weights")
                        .header("X-Actor", "growth")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"on\": 25, \"off\": 75}"))
                .andExpect(status().isOk());
        mvc.perform(post(API + "/flags/checkout/status")
                        .header("X-Actor", "growth")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"paused\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void createsUpdatesAndDeletesAFlag() throws Exception {
        mvc.perform(post(API + "/flags")
                        .header("X-Actor", "admin")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"key\": \"banner\", \"type\": \"string\", \"variants\": {\"none\": \"\", \"sale\": \"Sale\"},"
                                        + " \"default-variant\": \"none\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.ETAG, "\"1\""))
                .andExpect(header().string(HttpHeaders.LOCATION, API + "/flags/banner"));
        assertThat(flags.getStringDetails("banner", "x", EvaluationContext.EMPTY)
                        .value())
                .isEmpty();

        mvc.perform(put(API + "/flags/banner")
                        .header("X-Actor", "admin")
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\": \"string\", \"variants\": {\"none\": \"\", \"sale\": \"Sale\"},"
                                + " \"default-variant\": \"sale\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"2\""));
        assertThat(flags.getStringDetails("banner", "x", EvaluationContext.EMPTY)
                        .value())
                .isEqualTo("Sale");

        mvc.perform(post(API + "/flags")
                        .header("X-Actor", "admin")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"banner\", \"default-variant\": \"on\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Already exists"));

        mvc.perform(delete(API + "/flags/banner").header("X-Actor", "admin").param("reason", "done"))
                .andExpect(status().isPreconditionRequired());
        mvc.perform(delete(API + "/flags/banner")
                        .header("X-Actor", "admin")
                        .header(HttpHeaders.IF_MATCH, "\"2\"")
                        .param("reason", "done"))
                .andExpect(status().isNoContent());
        assertThat(flags.definitions().flag("banner")).isNull();
        mvc.perform(get(API + "/audit").header("X-Actor", "viewer").param("flag", "banner"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].action", contains("DELETE", "UPDATE", "CREATE")))
                .andExpect(jsonPath("$[0].reason").value("done"))
                .andExpect(jsonPath("$[0].actor").value("admin"))
                .andExpect(jsonPath("$[0].before.default-variant").value("sale"))
                .andExpect(jsonPath("$[0].after").doesNotExist())
                .andExpect(jsonPath("$[1].before.default-variant").value("none"));
    }

    @Test
    void invalidDefinitionIs400WithEveryErrorAndItsPath() throws Exception {
        mvc.perform(put(API + "/flags/rollout")
                        .header("X-Actor", "admin")
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"default-variant\": \"maybe\", \"fallthrough\": \"nope\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].path", hasItem("flags.rollout.default-variant")))
                .andExpect(jsonPath("$.errors[*].path", hasItem("flags.rollout.fallthrough.variant")))
                .andExpect(jsonPath("$.errors.length()").value(org.hamcrest.Matchers.greaterThan(1)));
        assertThat(store.flag("rollout").version()).isEqualTo(1);
    }

    @Test
    void malformedJsonIs400Problem() throws Exception {
        mvc.perform(post(API + "/flags")
                        .header("X-Actor", "admin")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Malformed request"));
    }

    @Test
    void illegalTransitionIs409WithTheAllowedStatuses() throws Exception {
        mvc.perform(post(API + "/flags/checkout/status")
                        .header("X-Actor", "admin")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"draft\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.from").value("active"))
                .andExpect(jsonPath("$.allowed", hasItem("paused")));
    }

    @Test
    void killSwitchWithReasonIsEvaluatedAtOnceAndRestoredExplicitly() throws Exception {
        assertThat(flags.getBooleanDetails("checkout", false, EvaluationContext.EMPTY)
                        .value())
                .isTrue();
        mvc.perform(post(API + "/flags/checkout/emergency-off")
                        .header("X-Actor", "admin")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"payments down\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.definition.status").value("emergency-off"));
        assertThat(flags.getBooleanDetails("checkout", true, EvaluationContext.EMPTY)
                        .value())
                .isFalse();

        mvc.perform(post(API + "/flags/checkout/restore")
                        .header("X-Actor", "admin")
                        .header(HttpHeaders.IF_MATCH, "\"2\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"active\", \"reason\": \"fixed\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"3\""));
        assertThat(flags.getBooleanDetails("checkout", false, EvaluationContext.EMPTY)
                        .value())
                .isTrue();
    }

    @Test
    void staleETagIs412AndChangesNothing() throws Exception {
        mvc.perform(put(API + "/flags/rollout/weights")
                        .header("X-Actor", "editor")
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"on\": 25, \"off\": 75}"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"2\""));
        mvc.perform(put(API + "/flags/rollout/weights")
                        .header("X-Actor", "editor")
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"on\": 50, \"off\": 50}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.currentVersion").value(2));
        mvc.perform(get(API + "/flags/rollout").header("X-Actor", "viewer"))
                .andExpect(jsonPath("$.definition.fallthrough.distribution.on").value(25));
    }

    @Test
    void concurrentWritersWithTheSameETagLoseNoUpdateOnAJdbcStore() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        FlagStore jdbc = JdbcFlags.store(dataSource).build();
        try (InspectableFlagManager jdbcFlags = seededManager(jdbc)) {
            concurrentWritersLoseNoUpdate(jdbc, mvc(jdbc, jdbcFlags));
        }
    }

    @Test
    void concurrentWritersWithTheSameETagLoseNoUpdate() throws Exception {
        concurrentWritersLoseNoUpdate(store, mvc);
    }

    private static void concurrentWritersLoseNoUpdate(FlagStore store, MockMvc mvc) throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int on = 10 + i;
                Callable<Integer> write = () -> {
                    start.await();
                    return mvc.perform(put(API + "/flags/rollout/weights")
                                    .header("X-Actor", "editor")
                                    .header(HttpHeaders.IF_MATCH, "\"1\"")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content("{\"on\": " + on + ", \"off\": " + (100 - on) + "}"))
                            .andReturn()
                            .getResponse()
                            .getStatus();
                };
                results.add(pool.submit(write));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).containsOnly(200, 412);
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(store.flag("rollout").version()).isEqualTo(2);
            assertThat(store.audit(dev.flags.store.AuditQuery.ALL.forFlag("rollout")))
                    .hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void adjustsTargetsRulesServeAndSchedule() throws Exception {
        mvc.perform(put(API + "/flags/rollout/targets/on")
                        .header("X-Actor", "editor")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[\"bob\"]"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.definition.targets.on", contains("bob")));
        mvc.perform(put(API + "/flags/rollout/rules/de")
                        .header("X-Actor", "editor")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"when\": [{\"attribute\": \"country\", \"operator\": \"equals\", \"value\": \"DE\"}],"
                                        + " \"serve\": \"on\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.definition.rules[*].id", contains("beta", "de")));
        mvc.perform(delete(API + "/flags/rollout/rules/beta").header("X-Actor", "editor"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.definition.rules[*].id", contains("de")));
        mvc.perform(put(API + "/flags/rollout/serve")
                        .header("X-Actor", "editor")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("\"on\""))
                .andExpect(status().isOk());
        assertThat(flags.getBooleanDetails("rollout", false, EvaluationContext.EMPTY)
                        .value())
                .isTrue();
        mvc.perform(put(API + "/flags/rollout/schedule")
                        .header("X-Actor", "editor")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"active-from\": \"2030-01-01T00:00:00Z\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.definition.active-from").value("2030-01-01T00:00:00Z"));
        mvc.perform(put(API + "/flags/rollout/rules")
                        .header("X-Actor", "editor")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[]"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.definition.rules").doesNotExist());
    }

    @Test
    void managesSegments() throws Exception {
        mvc.perform(get(API + "/segments").header("X-Actor", "viewer"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].key", contains("staff")));
        mvc.perform(post(API + "/segments")
                        .header("X-Actor", "editor")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"beta\", \"included\": [\"carol\"]}"))
                .andExpect(status().isCreated());
        mvc.perform(put(API + "/segments/beta")
                        .header("X-Actor", "editor")
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"included\": [\"carol\", \"dave\"]}"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"2\""))
                .andExpect(jsonPath("$.definition.included", containsInAnyOrder("carol", "dave")));
        mvc.perform(delete(API + "/segments/beta")
                        .header("X-Actor", "editor")
                        .header(HttpHeaders.IF_MATCH, "\"2\"")
                        .param("reason", "gone"))
                .andExpect(status().isForbidden());
        mvc.perform(delete(API + "/segments/beta")
                        .header("X-Actor", "admin")
                        .header(HttpHeaders.IF_MATCH, "\"2\"")
                        .param("reason", "gone"))
                .andExpect(status().isNoContent());
    }

    @Test
    void segmentWritesNeedAKeyAndTheVersionTheClientRead() throws Exception {
        mvc.perform(post(API + "/segments")
                        .header("X-Actor", "editor")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"included\": [\"carol\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("key"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
        mvc.perform(put(API + "/segments/staff")
                        .header("X-Actor", "editor")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"included\": [\"carol\"]}"))
                .andExpect(status().isPreconditionRequired());
        mvc.perform(put(API + "/segments/staff")
                        .header("X-Actor", "editor")
                        .header(HttpHeaders.IF_MATCH, "\"2\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"ignored\", \"included\": [\"carol\"]}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.expectedVersion").value(2))
                .andExpect(jsonPath("$.currentVersion").value(1));
        mvc.perform(delete(API + "/segments/staff").header("X-Actor", "admin").param("reason", "gone"))
                .andExpect(status().isPreconditionRequired());
        mvc.perform(put(API + "/segments/staff")
                        .header("X-Actor", "editor")
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"ignored\", \"included\": [\"carol\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.key").value("staff"))
                .andExpect(jsonPath("$.definition.included", contains("carol")));
        assertThat(store.segment("ignored")).isNull();
    }

    @Test
    void reportsStaleFlagsAndFiltersTheAuditLog() throws Exception {
        mvc.perform(get(API + "/stale").header("X-Actor", "viewer"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.generated").exists())
                .andExpect(jsonPath("$.findings").isArray());
        mvc.perform(get(API + "/audit")
                        .header("X-Actor", "viewer")
                        .param("actor", "system:seed")
                        .param("from", "2000-01-01T00:00:00Z")
                        .param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].actor").value("system:seed"));
        mvc.perform(get(API + "/audit").header("X-Actor", "viewer").param("from", "yesterday"))
                .andExpect(status().isBadRequest());
    }
}
