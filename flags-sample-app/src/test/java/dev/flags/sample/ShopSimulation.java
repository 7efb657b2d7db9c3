package dev.flags.sample;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Random;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Sends simulated customers through the shop as {@code simulate.sh} does over HTTP: each asks for a
 * price and, with a probability that depends on the variant served, purchases one to three items.
 */
final class ShopSimulation {

    static final double STANDARD_PURCHASE_PROBABILITY = 0.10;

    static final double DISCOUNT_PURCHASE_PROBABILITY = 0.15;

    private ShopSimulation() {}

    /**
     * Runs the simulation.
     *
     * @return the number of customers who got a price page
     */
    static int run(MockMvc mvc, String prefix, int customers, long seed) throws Exception {
        Random random = new Random(seed);
        int served = 0;
        for (int i = 0; i < customers; i++) {
            String user = prefix + i;
            MvcResult price = mvc.perform(get("/price").param("amount", "100").header("X-User-Id", user))
                    .andReturn();
            if (price.getResponse().getStatus() != 200) {
                continue; // this customer never saw a price (and leaves)
            }
            served++;
            boolean discount = price.getResponse().getContentAsString().contains("\"variant\":\"discount\"");
            double probability = discount ? DISCOUNT_PURCHASE_PROBABILITY : STANDARD_PURCHASE_PROBABILITY;
            if (random.nextDouble() < probability) {
                int items = 1 + random.nextInt(3); // a basket of one to three items at the price served
                mvc.perform(post("/purchase")
                        .param("amount", Integer.toString((discount ? 90 : 100) * items))
                        .header("X-User-Id", user));
            }
        }
        return served;
    }
}
