package dev.flags.sample;

import dev.flags.EvaluationContext;
import dev.flags.FlagMemo;
import dev.flags.MemoScope;
import dev.flags.experiment.Experiments;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Completes a purchase: the conversion the {@code pricing} experiment measures. */
@RestController
class PurchaseController {

    private final Experiments experiments;

    private final MemoScope requestMemo;

    PurchaseController(Experiments experiments, MemoScope requestMemo) {
        this.experiments = experiments;
        this.requestMemo = requestMemo;
    }

    @PostMapping("/purchase")
    Map<String, Object> purchase(@RequestParam double amount) {
        FlagMemo memo = requestMemo.currentMemo();
        EvaluationContext context = memo != null ? memo.context() : EvaluationContext.EMPTY;
        // Credited to the pricing variant this customer saw, if they saw one before buying.
        int credited = experiments.track("purchase", context, amount);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purchased", amount);
        body.put("creditedExperiments", credited);
        return body;
    }
}
