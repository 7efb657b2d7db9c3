package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flags.EvaluationContext;
import dev.flags.InspectableFlagManager;
import dev.flags.admin.FlagAdmin;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.FlagStore;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;

/** The admin API's limits agree with the validator's and the store's; what goes beyond is a 4xx. */
class FlagsAdminLimitsTests {

    private static final String API = FlagsAdminControllerTests.API;

    private final FlagStore store;
    private final InspectableFlagManager flags;
    private final MockMvc mvc;

    FlagsAdminLimitsTests() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        this.store = JdbcFlags.store(dataSource).build();
        this.flags = FlagsAdminControllerTests.seededManager(store);
        FlagAdmin admin = FlagAdmin.builder(store).flagManager(flags).build();
        this.mvc = MockMvcBuilders.standaloneSetup(
                        new FlagsAdminController(admin, request -> FlagsAdminControllerTests.ACTORS.get("admin")))
                .setControllerAdvice(new FlagsAdminProblems(), new FlagsAdminRequestLimit(DataSize.ofKilobytes(64)))
                .build();
    }

    @AfterEach
    void close() {
        flags.close();
    }

    @Test
    void aKeyOfTheLongestValidLengthIsStoredInTheJdbcStore() throws Exception {
        String key = "k".repeat(200);
        mvc.perform(post(API + "/flags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"" + key + "\", \"default-variant\": \"on\"}"))
                .andExpect(status().isCreated());
        assertThat(store.flag(key)).isNotNull();
        assertThat(flags.isEnabled(key, EvaluationContext.EMPTY)).isTrue();
        mvc.perform(post(API + "/segments")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"" + key + "\", \"included\": [\"u1\"]}"))
                .andExpect(status().isCreated());
    }

    @Test
    void aLongerKeyIsA400WithThePath() throws Exception {
        String key = "k".repeat(300);
        mvc.perform(post(API + "/flags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"" + key + "\", \"default-variant\": \"on\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("flags." + key))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("flag key 'kkkkkkkkkkkkkkkkkkkk...' is 300 characters long (at most 200)"));
        mvc.perform(put(API + "/segments/" + key)
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"included\": [\"u1\"]}"))
                .andExpect(status().is4xxClientError());
        mvc.perform(post(API + "/segments")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"" + key + "\", \"included\": [\"u1\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("segments." + key))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("segment key 'kkkkkkkkkkkkkkkkkkkk...' is 300 characters long (at most 200)"));
    }

    @Test
    void aNullRuleOrADeeplyNestedValueIsA400WithThePath() throws Exception {
        mvc.perform(post(API + "/flags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"n\", \"default-variant\": \"on\", \"rules\": [null]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("flags.n.rules[0]"))
                .andExpect(jsonPath("$.errors[0].message").value("missing rule (got null)"));
        String deep = "[".repeat(100) + "]".repeat(100);
        mvc.perform(post(API + "/flags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"d\", \"type\": \"object\", \"variants\": {\"v\": " + deep
                                + "}, \"default-variant\": \"v\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("flags.d.variants.v" + "[0]".repeat(60)))
                .andExpect(jsonPath("$.errors[0].message").value("nested deeper than 64 levels"));
        String deeper = "[".repeat(5000) + "]".repeat(5000);
        mvc.perform(post(API + "/flags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"d\", \"type\": \"object\", \"variants\": {\"v\": " + deeper
                                + "}, \"default-variant\": \"v\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Malformed request"));
    }

    @Test
    void aBareBooleanServeInJsonNamesTheVariantAndAnUnknownOneSaysToQuoteIt() throws Exception {
        mvc.perform(post(API + "/flags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"b\", \"default-variant\": \"off\", \"fallthrough\": true}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("flags.b.fallthrough.variant"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("unknown variant 'true' (expected one of on, off); an unquoted on, off, yes, no,"
                                + " true or false is read as a boolean: quote the variant name, for example 'on'"));
    }

    @Test
    void aBodyAnnouncedLargerThanTheLimitIsA413ProblemBeforeItIsRead() throws Exception {
        byte[] body = ("{\"key\": \"big\", \"description\": \"" + "x".repeat(70 * 1024) + "\", \"default-variant\":"
                        + " \"on\"}")
                .getBytes(StandardCharsets.UTF_8);
        mvc.perform(post(API + "/flags").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().is(413))
                .andExpect(jsonPath("$.title").value("Request too large"))
                .andExpect(jsonPath("$.detail")
                        .value("The request body is larger than 65536 bytes (flags.admin.max-request-size)"))
                .andExpect(jsonPath("$.limit").value(65536));
        assertThat(store.flag("big")).isNull();
    }

    @Test
    void aBodyWithoutALengthIsCutOffAtTheLimitWithA413Problem() throws Exception {
        byte[] body = ("{\"key\": \"big\", \"description\": \"" + "x".repeat(70 * 1024) + "\", \"default-variant\":"
                        + " \"on\"}")
                .getBytes(StandardCharsets.UTF_8);
        mvc.perform(post(API + "/flags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .with(FlagsAdminLimitsTests::withoutLength))
                .andExpect(status().is(413))
                .andExpect(jsonPath("$.title").value("Request too large"))
                .andExpect(jsonPath("$.limit").value(65536));
        assertThat(store.flag("big")).isNull();
    }

    @Test
    void aBodyWithinTheLimitIsRead() throws Exception {
        mvc.perform(post(API + "/flags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"key\": \"small\", \"description\": \"" + "x".repeat(60 * 1024)
                                + "\", \"default-variant\": \"on\"}"))
                .andExpect(status().isCreated());
    }

    /** The request with a body of unknown length, as a chunked request has. */
    private static MockHttpServletRequest withoutLength(MockHttpServletRequest request) {
        MockHttpServletRequest chunked = new MockHttpServletRequest(request.getServletContext()) {
            @Override
            public int getContentLength() {
                return -1;
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setMethod(request.getMethod());
        chunked.setRequestURI(request.getRequestURI());
        chunked.setContentType(request.getContentType());
        chunked.addHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
        chunked.addHeader(HttpHeaders.TRANSFER_ENCODING, "chunked");
        chunked.setContent(request.getContentAsByteArray());
        return chunked;
    }
}
