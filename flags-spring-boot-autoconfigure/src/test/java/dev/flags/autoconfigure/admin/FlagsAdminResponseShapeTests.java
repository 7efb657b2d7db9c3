package dev.flags.autoconfigure.admin;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.Permission;
import dev.flags.admin.SeedMode;
import dev.flags.definition.DefinitionsReader;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The admin API's JSON bodies, pinned character for character: clients parse them. */
class FlagsAdminResponseShapeTests {

    static final String API = "/flags-admin/api";

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    static final Actor ADMIN = Actor.of("admin", Permission.values());

    final MockMvc mvc;

    FlagsAdminResponseShapeTests() {
        FlagStore store = FlagStores.inMemory(CLOCK);
        FlagAdmin admin = FlagAdmin.builder(store).clock(CLOCK).build();
        admin.seed(Actor.system("system:seed"), DefinitionsReader.read("test.yml", """
                        flags:
                          checkout:
                            owner: checkout-team
                            status: paused
                            default-variant: on
                            review-by: 2026-01-01
                        segments:
                          staff:
                            included: [alice]
                        """), SeedMode.IMPORT_MISSING);
        this.mvc = MockMvcBuilders.standaloneSetup(new FlagsAdminController(admin, request -> ADMIN))
                .setControllerAdvice(new FlagsAdminProblems())
                .build();
    }

    @Test
    void aFlagHasItsKeyVersionTimesAndDefinitionAndNoArchivedTimeUnlessArchived() throws Exception {
        mvc.perform(get(API + "/flags/checkout"))
                .andExpect(content()
                        .string("{\"key\":\"checkout\",\"version\":1,\"created\":\"2026-03-01T10:00:00Z\","
                                + "\"updated\":\"2026-03-01T10:00:00Z\",\"definition\":{\"owner\":\"checkout-team\","
                                + "\"review-by\":\"2026-01-01\",\"status\":\"paused\",\"default-variant\":\"on\"}}"));
        mvc.perform(post(API + "/flags/checkout/status")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"archived\"}"))
                .andExpect(content()
                        .string("{\"key\":\"checkout\",\"version\":2,\"created\":\"2026-03-01T10:00:00Z\","
                                + "\"updated\":\"2026-03-01T10:00:00Z\",\"archived\":\"2026-03-01T10:00:00Z\","
                                + "\"definition\":{\"owner\":\"checkout-team\",\"review-by\":\"2026-01-01\","
                                + "\"status\":\"archived\",\"default-variant\":\"on\"}}"));
    }

    @Test
    void segmentsListAsTheirKeyVersionTimesAndDefinition() throws Exception {
        mvc.perform(put(API + "/segments/staff")
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"included\": [\"alice\", \"bob\"]}"))
                .andExpect(
                        content()
                                .string(
                                        "{\"key\":\"staff\",\"version\":2,\"created\":\"2026-03-01T10:00:00Z\","
                                                + "\"updated\":\"2026-03-01T10:00:00Z\",\"definition\":{\"included\":[\"alice\",\"bob\"]}}"));
        mvc.perform(get(API + "/segments"))
                .andExpect(
                        content()
                                .string(
                                        "[{\"key\":\"staff\",\"version\":2,\"created\":\"2026-03-01T10:00:00Z\","
                                                + "\"updated\":\"2026-03-01T10:00:00Z\",\"definition\":{\"included\":[\"alice\",\"bob\"]}}]"));
    }

    @Test
    void auditEntriesNestTheirDefinitionsAndShowAbsentOnesAsNull() throws Exception {
        mvc.perform(put(API + "/segments/staff")
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .param("reason", "bob joined")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"included\": [\"alice\", \"bob\"]}"));

        mvc.perform(get(API + "/audit").param("segment", "staff"))
                .andExpect(content()
                        .string("[{\"sequence\":3,\"time\":\"2026-03-01T10:00:00Z\",\"kind\":\"segment\","
                                + "\"key\":\"staff\",\"action\":\"UPDATE\",\"actor\":\"admin\",\"version\":2,"
                                + "\"reason\":\"bob joined\",\"before\":{\"included\":[\"alice\"]},"
                                + "\"after\":{\"included\":[\"alice\",\"bob\"]}},"
                                + "{\"sequence\":1,\"time\":\"2026-03-01T10:00:00Z\",\"kind\":\"segment\",\"key\":\"staff\","
                                + "\"action\":\"SEED_IMPORT\",\"actor\":\"system:seed\",\"version\":1,\"reason\":null,"
                                + "\"before\":null,\"after\":{\"included\":[\"alice\"]}}]"));
    }

    @Test
    void theStaleReportListsEachFindingWithItsReasonAndDetail() throws Exception {
        mvc.perform(get(API + "/stale"))
                .andExpect(
                        content()
                                .string(
                                        "{\"generated\":\"2026-03-01T10:00:00Z\",\"findings\":[{\"key\":"
                                                + "\"checkout\",\"reason\":\"REVIEW_DATE_PASSED\",\"detail\":\"review date 2026-01-01 passed\"}]}"));
    }

    @Test
    void aVersionConflictIsAProblemWithBothVersions() throws Exception {
        mvc.perform(put(API + "/segments/staff")
                        .header(HttpHeaders.IF_MATCH, "\"7\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"included\": []}"))
                .andExpect(content()
                        .string("{\"detail\":\"Segment 'staff' is at version 1, not 7\",\"instance\":\"" + API
                                + "/segments/staff\",\"status\":412,\"title\":\"Version conflict\","
                                + "\"expectedVersion\":7,\"currentVersion\":1}"));
    }
}
