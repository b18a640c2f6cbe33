package dev.forkpool.api;

import dev.forkpool.job.JobService;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /functions}: what jobs can run. */
@RestController
class FunctionController {
    private final JobService jobs;

    FunctionController(JobService jobs) {
        this.jobs = jobs;
    }

    record FunctionView(String name, String description) {}

    @GetMapping("/functions")
    List<FunctionView> functions() {
        return jobs.functions().stream()
                .map(f -> new FunctionView(f.name(), f.description()))
                .toList();
    }
}
