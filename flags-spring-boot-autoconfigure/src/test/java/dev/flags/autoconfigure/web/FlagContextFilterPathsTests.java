package dev.flags.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.support.ProtocolPaths;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The servlet request-context filter leaves the admin API and OFREP paths alone (no context, no
 * memo, no anonymous-id cookie for API clients), and works as before everywhere else.
 */
class FlagContextFilterPathsTests {

    private final FlagManager flags = FlagManager.builder().build();

    @AfterEach
    void close() {
        flags.close();
    }

    private FlagContextFilter filter(boolean ofrep) {
        FlagsProperties properties = new FlagsProperties();
        properties.getOfrep().setEnabled(ofrep);
        return new FlagContextFilter(
                flags, properties.getRequestContext(), List.of(), null, ProtocolPaths.of(properties));
    }

    private static MockHttpServletResponse call(FlagContextFilter filter, String contextPath, String uri)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
        request.setContextPath(contextPath);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        assertThat(request.getAttribute(RequestMemoScope.ATTRIBUTE) != null)
                .as("memo on %s", uri)
                .isEqualTo(response.getCookie("flags-anonymous-id") != null);
        return response;
    }

    @Test
    void setsNoAnonymousIdCookieOnOfrepOrAdminRequests() throws Exception {
        FlagContextFilter filter = filter(true);
        assertThat(call(filter, "", "/ofrep/v1/evaluate/flags/checkout").getCookie("flags-anonymous-id"))
                .isNull();
        assertThat(call(filter, "", "/ofrep").getCookie("flags-anonymous-id")).isNull();
        assertThat(call(filter, "/shop", "/shop/flags-admin/api/flags").getCookie("flags-anonymous-id"))
                .isNull();
    }

    @Test
    void buildsTheContextEverywhereElse() throws Exception {
        FlagContextFilter filter = filter(true);
        assertThat(call(filter, "", "/checkout").getCookie("flags-anonymous-id"))
                .isNotNull();
        assertThat(call(filter, "", "/ofrep-news").getCookie("flags-anonymous-id"))
                .as("a path that only starts like the base path")
                .isNotNull();
        assertThat(call(filter(false), "", "/ofrep/v1/evaluate/flags/checkout").getCookie("flags-anonymous-id"))
                .as("OFREP off: the path is the application's")
                .isNotNull();
    }
}
