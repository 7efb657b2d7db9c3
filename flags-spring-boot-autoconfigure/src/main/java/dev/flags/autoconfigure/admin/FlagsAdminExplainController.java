package dev.flags.autoconfigure.admin;

import dev.flags.autoconfigure.FlagExplanation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST .../flags/{key}/explain} on Spring MVC: {@link FlagsAdminExplain} for the caller, who
 * must be allowed to read the flag.
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}")
final class FlagsAdminExplainController {

    private final FlagsAdminExplain explain;

    private final FlagsAdminActorResolver actors;

    FlagsAdminExplainController(FlagsAdminExplain explain, FlagsAdminActorResolver actors) {
        this.explain = explain;
        this.actors = actors;
    }

    @PostMapping("/flags/{key}/explain")
    FlagExplanation explain(
            @PathVariable String key,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            HttpServletRequest request) {
        return explain.explain(FlagsAdminApi.authenticated(actors.resolve(request)), key, body);
    }
}
