package dev.flags.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Shipping costs and the banner, read through {@link dev.flags.FlagManager}. */
@RestController
class ShippingController {

    private final ShippingService shipping;

    ShippingController(ShippingService shipping) {
        this.shipping = shipping;
    }

    @GetMapping("/shipping")
    Map<String, Object> shipping(@RequestParam double amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("threshold", shipping.freeShippingThreshold());
        body.put("free", shipping.shipsFree(amount));
        return body;
    }

    @GetMapping("/flags")
    Object flags(jakarta.servlet.http.HttpServletRequest request) {
        // What the request filter pre-evaluated (flags.request-context.pre-evaluate), as a view would use it.
        return request.getAttribute("flags");
    }
}
