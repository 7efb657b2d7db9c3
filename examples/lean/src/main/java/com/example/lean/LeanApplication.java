package com.example.lean;

import dev.flags.FlagManager;
import dev.flags.annotation.FeatureToggle;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
public class LeanApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeanApplication.class, args);
    }

    @RestController
    static class GreetingController {

        private final FlagManager flags;

        GreetingController(FlagManager flags) {
            this.flags = flags;
        }

        @GetMapping("/greeting")
        @FeatureToggle(value = "greeting", fallback = "plainGreeting")
        String greeting() {
            return flags.getString("salutation", "Hello") + ", beta tester";
        }

        String plainGreeting() {
            return "Hello";
        }
    }
}
