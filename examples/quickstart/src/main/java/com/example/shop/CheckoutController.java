package com.example.shop;

import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CheckoutController {

    private final ShippingService shipping;

    public CheckoutController(ShippingService shipping) {
        this.shipping = shipping;
    }

    @GetMapping("/checkout")
    @FeatureToggle(value = "new-checkout", fallback = "legacyCheckout")
    public Map<String, Object> checkout(@RequestParam double total) {
        return Map.of("checkout", "new", "freeShipping", shipping.shipsFree(total));
    }

    // Runs instead of checkout(total) while new-checkout is off for the caller.
    Map<String, Object> legacyCheckout(double total) {
        return Map.of("checkout", "legacy", "freeShipping", shipping.shipsFree(total));
    }

    @GetMapping("/button")
    public Map<String, String> button(@Variant("button-color") String variant) {
        return Map.of("variant", variant);
    }
}
