package com.example.shop;

import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CheckoutController {

    record Checkout(String checkout, boolean freeShipping) {}

    record Button(String variant) {}

    private final ShippingService shipping;

    public CheckoutController(ShippingService shipping) {
        this.shipping = shipping;
    }

    @GetMapping("/checkout")
    @FeatureToggle(value = "new-checkout", fallback = "legacyCheckout")
    public Checkout checkout(@RequestParam double total) {
        return new Checkout("new", shipping.shipsFree(total));
    }

    // Runs instead of checkout(total) while new-checkout is off for the caller.
    Checkout legacyCheckout(double total) {
        return new Checkout("legacy", shipping.shipsFree(total));
    }

    @GetMapping("/button")
    public Button button(@Variant("button-color") String variant) {
        return new Button(variant);
    }
}
