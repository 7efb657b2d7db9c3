package com.example.shop;

import dev.flags.FlagManager;
import org.springframework.stereotype.Service;

@Service
public class ShippingService {

    private final FlagManager flags;

    public ShippingService(FlagManager flags) {
        this.flags = flags;
    }

    public boolean shipsFree(double total) {
        // Without a context, FlagManager evaluates for the current request's user.
        return total >= flags.getDouble("free-shipping-threshold", 50.0);
    }
}
