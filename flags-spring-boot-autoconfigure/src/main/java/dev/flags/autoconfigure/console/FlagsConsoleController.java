package dev.flags.autoconfigure.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Serves the console's page on Spring MVC at {@code flags.console.path}, with and without a
 * trailing slash, with the headers of {@link ConsolePage#response}.
 */
@Controller
@RequestMapping("${flags.console.path:/flags-console}")
final class FlagsConsoleController {

    private final ConsolePage page;

    private final ConsoleCsrf csrf;

    FlagsConsoleController(ConsolePage page, ConsoleCsrf csrf) {
        this.page = page;
        this.csrf = csrf;
    }

    @GetMapping({"", "/"})
    ResponseEntity<String> page(HttpServletRequest request) {
        return page.response(request.getContextPath(), csrf.token(request));
    }
}
