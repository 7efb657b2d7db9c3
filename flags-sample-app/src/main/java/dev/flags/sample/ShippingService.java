package dev.flags.sample;

import dev.flags.FlagManager;
import org.springframework.stereotype.Service;

/** Decides free shipping from a number flag, through an injected {@link FlagManager}. */
@Service
public class ShippingService {

    private final FlagManager flags;

    ShippingService(FlagManager flags) {
        this.flags = flags;
    }

    /**
     * The cart total from which shipping is free, for the current request's customer.
     *
     * @return the threshold
     */
    public double freeShippingThreshold() {
        // Typed: the compiler knows the flag is a double; its default (50.0) comes from flags.yml.
        return flags.value(ShopFlags.FREE_SHIPPING_THRESHOLD);
    }

    /**
     * Whether a cart ships free.
     *
     * @param amount the cart total
     * @return whether shipping is free
     */
    public boolean shipsFree(double amount) {
        return amount >= freeShippingThreshold();
    }
}
