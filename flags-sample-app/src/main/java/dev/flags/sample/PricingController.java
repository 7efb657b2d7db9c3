package dev.flags.sample;

import dev.flags.annotation.Variant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Shows the price of a cart and which pricing variant the caller is in. */
@RestController
class PricingController {

    private final PricingService pricing;

    PricingController(PricingService pricing) {
        this.pricing = pricing;
    }

    @GetMapping("/price")
    Map<String, Object> price(@RequestParam double amount, @Variant(ShopFlags.Keys.PRICING) @Nullable String variant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("variant", variant);
        body.put("price", pricing.price(amount));
        return body;
    }
}
