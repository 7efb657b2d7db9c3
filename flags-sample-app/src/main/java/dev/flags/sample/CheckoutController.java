package dev.flags.sample;

import dev.flags.FlagManager;
import dev.flags.annotation.FeatureToggle;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The checkout: the new one behind {@code new-checkout}, the legacy one as its fallback. */
@RestController
class CheckoutController {

    private final FlagManager flags;

    CheckoutController(FlagManager flags) {
        this.flags = flags;
    }

    @GetMapping("/checkout")
    @FeatureToggle(value = ShopFlags.Keys.NEW_CHECKOUT, fallback = "legacyCheckout")
    public Map<String, Object> checkout() {
        // The JSON flag configures the new checkout's steps per customer.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("checkout", "new");
        body.put("config", flags.value(ShopFlags.CHECKOUT_CONFIG));
        return body;
    }

    Map<String, Object> legacyCheckout() {
        return Map.of("checkout", "legacy");
    }

    @GetMapping("/recommendations")
    @FeatureToggle(ShopFlags.Keys.RECOMMENDATIONS)
    public Map<String, Object> recommendations() {
        return Map.of("recommendations", java.util.List.of("socks", "hat"));
    }
}
