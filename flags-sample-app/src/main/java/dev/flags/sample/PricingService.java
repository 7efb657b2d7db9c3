package dev.flags.sample;

import dev.flags.annotation.Variant;
import org.springframework.stereotype.Service;

/** Prices a cart; the {@code pricing} A/B test picks the implementation, no if/else. */
@Service
public class PricingService {

    /**
     * The control: list price.
     *
     * @param amount the cart total
     * @return the price to pay
     */
    @Variant(ShopFlags.Keys.PRICING)
    public double price(double amount) {
        return amount;
    }

    /**
     * The {@code discount} variant: 10% off.
     *
     * @param amount the cart total
     * @return the price to pay
     */
    @Variant(value = ShopFlags.Keys.PRICING, variant = "discount")
    public double discountedPrice(double amount) {
        return Math.round(amount * 90) / 100.0;
    }
}
